package io.aloft.runtime.config;

import io.aloft.sdk.SettingSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Reads {@link AloftConfig} from one place: {@code <home>/aloft.properties} (or the file named by
 * {@code ALOFT_CONFIG}) and {@code ALOFT_*} environment variables, which win. Keys in the file are the
 * variable names without {@code ALOFT_}, lower case: {@code dags_folder=/srv/dags}. This is the only
 * class that reads the environment.
 *
 * <p>Every value of Aloft's own settings ({@link BuiltinSettings}) is checked here: a bad one is a
 * {@link ConfigException} that names the variable (or the file and key), the value and what is expected. A name
 * that is not Aloft's may be a plugin's: it fails here only when it is a near miss of one of Aloft's own names
 * ({@code ALOFT_DAGS_FOLDR}), and otherwise once the plugins are loaded ({@link AloftConfig#checkPluginSettings}).
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
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> origins = new HashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("ALOFT_") && v != null) {
            String name = k.substring("ALOFT_".length()).toLowerCase(Locale.ROOT);
            values.put(name, v);
            origins.put(name, k);
          }
        });
    Path home = Path.of(values.getOrDefault("home", userHome.resolve(".aloft").toString())).toAbsolutePath();
    Path file = Path.of(values.getOrDefault("config", home.resolve("aloft.properties").toString()));
    Map<String, String> merged = new LinkedHashMap<>();
    readFile(file).forEach((k, v) -> {
      merged.put(k, v);
      origins.putIfAbsent(k, k + " in " + file);
    });
    merged.putAll(values);
    check(merged, origins);

    // Docker's own variable, for the Docker plugin's default engine; ALOFT_DOCKER_HOST or the file win.
    String dockerHost = blankToNull(env.get("DOCKER_HOST"));
    if (dockerHost != null) {
      merged.putIfAbsent("docker_host", dockerHost);
    }
    String xdgCache = blankToNull(env.get("XDG_CACHE_HOME"));
    merged.putIfAbsent(
        "cache_folder", (xdgCache != null ? Path.of(xdgCache) : userHome.resolve(".cache")).resolve("aloft").toString());
    merged.put("home", home.toString());

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
    List<Path> pythonPath = Optional.ofNullable(blankToNull(merged.get("python_path")))
        .map(p -> Arrays.stream(p.split(":")).filter(s -> !s.isBlank()).map(s -> workDir.resolve(s.strip()).normalize()).toList())
        .orElse(List.of());
    return new AloftConfig(
        home,
        new AloftConfig.StoreConfig(db, Path.of(merged.get("cache_folder"))),
        new AloftConfig.DagsConfig(dags, duration(merged, "dag_import_timeout", 30),
            Boolean.parseBoolean(merged.getOrDefault("dags_are_paused_at_creation", "false").strip())),
        new AloftConfig.ExecutionConfig(intValue(merged, "parallelism", 32), intValue(merged, "xcom_max_bytes", 1_048_576)),
        new AloftConfig.WebConfig(intValue(merged, "port", 8081)),
        new AloftConfig.PythonConfig(intValue(merged, "python_contexts", 2), pythonPath),
        new AloftConfig.PluginsConfig(plugins, Optional.ofNullable(blankToNull(merged.get("bundled_plugins"))).map(Path::of)),
        merged,
        origins);
  }

  /** Checks the values of Aloft's own settings and refuses names that are near misses of them. */
  private static void check(Map<String, String> merged, Map<String, String> origins) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : merged.entrySet()) {
      SettingSpec spec = BuiltinSettings.BY_NAME.get(e.getKey());
      if (spec != null) {
        if (e.getValue().isBlank()) {
          continue; // unset
        }
        SettingValues.problem(spec, e.getValue(), origins.get(e.getKey())).ifPresent(problems::add);
      } else if (SettingValues.closest(e.getKey(), BuiltinSettings.BY_NAME.keySet()).isPresent()) {
        problems.add(unknown(e.getKey(), origins.get(e.getKey()), BuiltinSettings.BY_NAME.keySet()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
  }

  /** "unknown setting ALOFT_X: did you mean ALOFT_Y?" (or the file's key), with where the known ones are listed. */
  static String unknown(String name, String origin, Collection<String> known) {
    boolean fromFile = origin != null && origin.contains(" in ");
    String hint = SettingValues.closest(name, new TreeSet<>(known))
        .map(k -> ": did you mean " + (fromFile ? k : "ALOFT_" + k.toUpperCase(Locale.ROOT)) + "?")
        .orElse(": no part of Aloft or its plugins reads it (`aloft config` lists the known settings)");
    return "unknown setting " + (origin == null ? name : origin) + hint;
  }

  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("key");
  }

  private static Map<String, String> readFile(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
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
    return v == null ? def : Integer.parseInt(v.strip()); // checked in check()
  }

  private static Duration duration(Map<String, String> m, String key, int defSeconds) {
    String v = blankToNull(m.get(key));
    return v == null ? Duration.ofSeconds(defSeconds) : SettingValues.duration(v);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
