package io.aloft.runtime.config;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration, read once at start by {@link ConfigLoader} from the config file and
 * {@code ALOFT_*} environment variables (the environment wins). Immutable; passed to whatever needs it.
 *
 * @param home data directory ({@code ALOFT_HOME}, default {@code ~/.aloft}): database, logs, env files
 * @param dagsFolder where DAG files are read ({@code ALOFT_DAGS_FOLDER})
 * @param pluginsFolder where plugin jars/zips are loaded from ({@code ALOFT_PLUGINS_FOLDER})
 * @param database an external PostgreSQL, or empty for the embedded one
 * @param port HTTP port of the UI and API ({@code ALOFT_PORT}, default 8081)
 * @param dagImportTimeout how long a DAG file's top-level code may run
 * @param pythonContexts how many warm GraalPy contexts to keep
 * @param parallelism how many task tries may run at once in this daemon
 * @param xcomMaxBytes the largest serialized XCom value accepted
 * @param settings every {@code ALOFT_*} setting by its key (lower case, without the prefix), for plugins
 */
public record AloftConfig(
    Path home,
    Path dagsFolder,
    Path pluginsFolder,
    Optional<DatabaseConfig> database,
    int port,
    Duration dagImportTimeout,
    int pythonContexts,
    int parallelism,
    int xcomMaxBytes,
    Map<String, String> settings) {

  public AloftConfig {
    settings = Map.copyOf(settings);
  }

  public Path logsFolder() {
    return home.resolve("logs");
  }

  public Path pgDataFolder() {
    return home.resolve("pgdata");
  }

  /**
   * Where files that are the same for every data directory are kept: the extracted Python package and its
   * compiled bytecode ({@code ALOFT_CACHE_FOLDER}; by default {@code $XDG_CACHE_HOME/aloft} or
   * {@code ~/.cache/aloft}). Shared, so that a new data directory starts with the bytecode the build's
   * start-up training compiled.
   */
  public Path cacheFolder() {
    return setting("cache_folder").map(Path::of).orElse(home.resolve("cache"));
  }

  /** The same configuration over another data directory and the embedded database (for `dags test`). */
  public AloftConfig withPrivateHome(Path otherHome) {
    return new AloftConfig(
        otherHome, dagsFolder, pluginsFolder, Optional.empty(), port, dagImportTimeout, pythonContexts, parallelism,
        xcomMaxBytes, settings);
  }

  /**
   * Extra folders on every GraalPy context's module search path ({@code ALOFT_PYTHON_PATH}, separated by
   * {@code :}): the user's helper packages and pure-Python third-party packages for DAG files and tasks.
   */
  public List<Path> pythonPath() {
    return setting("python_path").stream()
        .flatMap(v -> Arrays.stream(v.split(File.pathSeparator)))
        .map(String::strip).filter(s -> !s.isEmpty())
        .map(s -> Path.of(s).toAbsolutePath().normalize()).toList();
  }

  /** A plugin setting by key, e.g. {@code setting("gpu")} for {@code ALOFT_GPU}. */
  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** The configuration as {@code ./aloft config} prints it: secrets masked. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("home", home.toString());
    out.put("dags_folder", dagsFolder.toString());
    out.put("plugins_folder", pluginsFolder.toString());
    out.put("logs_folder", logsFolder().toString());
    out.put("database_url", database.map(DatabaseConfig::url).orElse("embedded PostgreSQL in " + pgDataFolder()));
    database.ifPresent(d -> out.put("database_user", d.user()));
    database.ifPresent(d -> out.put("database_password", d.password() == null ? "" : "***"));
    out.put("port", Integer.toString(port));
    out.put("dag_import_timeout", dagImportTimeout.toSeconds() + "s");
    out.put("python_contexts", Integer.toString(pythonContexts));
    out.put("parallelism", Integer.toString(parallelism));
    out.put("xcom_max_bytes", Integer.toString(xcomMaxBytes));
    settings.forEach(
        (k, v) -> out.putIfAbsent(k, ConfigLoader.isSecretKey(k) ? "***" : v));
    return out;
  }

  /** An external PostgreSQL. */
  public record DatabaseConfig(String url, String user, String password) {
    @Override
    public String toString() {
      return "DatabaseConfig[url=" + url + ", user=" + user + ", password=***]";
    }
  }
}
