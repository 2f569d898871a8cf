package io.aloft.graphgrid.docker;

import java.nio.file.Path;
import java.util.Map;

/**
 * The Aloft home and the GraphGrid stores under it, from the plugin settings: {@code home} (the data directory,
 * which the runtime always hands over), {@code datasets_dir} ({@code ALOFT_DATASETS_DIR}, default
 * {@code <home>/datasets}) and {@code models_dir} ({@code ALOFT_MODELS_DIR}, default {@code <home>/models}).
 */
public final class Homes {

  private Homes() {}

  public static Path home(Map<String, String> settings) {
    String home = settings.get("home");
    if (home == null || home.isBlank()) {
      throw new IllegalStateException("the task's settings carry no 'home' (Aloft's data directory): run it under the"
          + " Aloft runtime, or give it with FakeTaskContext.withSetting(\"home\", ...) in a test");
    }
    return Path.of(home).toAbsolutePath();
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
