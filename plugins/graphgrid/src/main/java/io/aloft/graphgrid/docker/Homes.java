package io.aloft.graphgrid.docker;

import java.nio.file.Path;
import java.util.Map;

/**
 * The Aloft home and the GraphGrid stores under it, from the plugin settings: {@code home} ({@code ALOFT_HOME},
 * default {@code ~/.aloft} as the runtime's), {@code datasets_dir} ({@code ALOFT_DATASETS_DIR}, default
 * {@code <home>/datasets}) and {@code models_dir} ({@code ALOFT_MODELS_DIR}, default {@code <home>/models}).
 */
public final class Homes {

  private Homes() {}

  public static Path home(Map<String, String> settings) {
    String home = settings.get("home");
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".aloft").toAbsolutePath();
  }

  public static Path datasets(Map<String, String> settings) {
    return under(settings, "datasets_dir", "datasets");
  }

  public static Path models(Map<String, String> settings) {
    return under(settings, "models_dir", "models");
  }

  private static Path under(Map<String, String> settings, String key, String folder) {
    String dir = settings.get(key);
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir).toAbsolutePath().normalize();
    }
    return home(settings).resolve(folder).normalize();
  }
}
