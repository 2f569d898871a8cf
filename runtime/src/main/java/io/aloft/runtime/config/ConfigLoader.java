package io.aloft.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Reads {@link AloftConfig} from one place: {@code <home>/aloft.properties} (or the file named by
 * {@code ALOFT_CONFIG}) and {@code ALOFT_*} environment variables, which win. Keys in the file are the
 * variable names without {@code ALOFT_}, lower case: {@code dags_folder=/srv/dags}. This is the only
 * class that reads the environment.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** Loads from the process environment. */
  public static AloftConfig fromEnvironment() {
    return fromEnvironment(env -> env);
  }

  /**
   * The configuration of an edited copy of the environment (programs that run an Aloft of their own beside
   * the user's, such as the start-up training, drop the user's {@code ALOFT_*} settings).
   */
  public static AloftConfig fromEnvironment(UnaryOperator<Map<String, String>> edit) {
    return load(edit.apply(new HashMap<>(System.getenv())), Path.of(System.getProperty("user.home")),
        Path.of("").toAbsolutePath());
  }

  /**
   * Loads from the given environment.
   *
   * @param env variables ({@code ALOFT_*} are read)
   * @param userHome where {@code ~/.aloft} lives
   * @param workDir the directory relative default folders ({@code dags}, {@code plugins}) are resolved in
   */
  public static AloftConfig load(Map<String, String> env, Path userHome, Path workDir) {
    Map<String, String> values = new HashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("ALOFT_") && v != null) {
            values.put(k.substring("ALOFT_".length()).toLowerCase(Locale.ROOT), v);
          }
        });
    Path home = Path.of(values.getOrDefault("home", userHome.resolve(".aloft").toString())).toAbsolutePath();
    Path file = Path.of(values.getOrDefault("config", home.resolve("aloft.properties").toString()));
    Map<String, String> merged = new HashMap<>(readFile(file));
    merged.putAll(values);
    // Docker's own variable, for the Docker plugin's default engine; ALOFT_DOCKER_HOST or the file win.
    String dockerHost = blankToNull(env.get("DOCKER_HOST"));
    if (dockerHost != null) {
      merged.putIfAbsent("docker_host", dockerHost);
    }
    String xdgCache = blankToNull(env.get("XDG_CACHE_HOME"));
    merged.putIfAbsent(
        "cache_folder", (xdgCache != null ? Path.of(xdgCache) : userHome.resolve(".cache")).resolve("aloft").toString());

    Path dags = workDir.resolve(merged.getOrDefault("dags_folder", "dags")).toAbsolutePath().normalize();
    Path plugins =
        workDir.resolve(merged.getOrDefault("plugins_folder", home.resolve("plugins").toString()))
            .toAbsolutePath()
            .normalize();
    Optional<AloftConfig.DatabaseConfig> db =
        Optional.ofNullable(blankToNull(merged.get("database_url")))
            .map(
                url ->
                    new AloftConfig.DatabaseConfig(
                        url, merged.getOrDefault("database_user", "postgres"), merged.get("database_password")));
    return new AloftConfig(
        home,
        dags,
        plugins,
        db,
        intValue(merged, "port", 8081),
        Duration.ofSeconds(intValue(merged, "dag_import_timeout", 30)),
        intValue(merged, "python_contexts", 2),
        intValue(merged, "parallelism", 32),
        intValue(merged, "xcom_max_bytes", 1_048_576),
        merged);
  }

  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("key");
  }

  private static Map<String, String> readFile(Path file) {
    Map<String, String> out = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    p.forEach((k, v) -> out.put(k.toString().toLowerCase(Locale.ROOT), v.toString()));
    return out;
  }

  private static int intValue(Map<String, String> m, String key, int def) {
    String v = blankToNull(m.get(key));
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "ALOFT_" + key.toUpperCase(Locale.ROOT) + " must be a whole number, got '" + v + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
