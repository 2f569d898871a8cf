package io.aloft.runtime.store;

import io.aloft.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;

/**
 * A separate process for {@link SharedEmbeddedIT}: opens the database of {@code args[0]} (home) with the
 * cache folder {@code args[1]}, prints the server's port, holds it for {@code args[2]} ms, and closes.
 */
public final class SharedHomeProbe {

  private SharedHomeProbe() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    try (Database db = Database.open(ConfigLoader.load(Map.of("ALOFT_HOME", args[0], "ALOFT_CACHE_FOLDER", args[1]), home, home))) {
      int port = db.jdbi().withHandle(h -> h.createQuery("SELECT current_setting('port')::int").mapTo(Integer.class).one());
      System.out.println("port=" + port);
      System.out.flush();
      Thread.sleep(Long.parseLong(args[2]));
    }
  }
}
