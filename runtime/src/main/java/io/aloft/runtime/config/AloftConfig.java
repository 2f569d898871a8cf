package io.aloft.runtime.config;

import io.aloft.sdk.SettingSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The effective configuration, read once at start by {@link ConfigLoader} from the config file and
 * {@code ALOFT_*} environment variables (the environment wins), checked against the declared settings
 * ({@link BuiltinSettings}, then each plugin's). Immutable; one record per part of Aloft.
 *
 * @param home data directory ({@code ALOFT_HOME}, default {@code ~/.aloft}): database, logs, env files
 * @param store the database and the shared cache folder
 * @param dags where DAG files are read and how they are parsed
 * @param execution how many tries run at once, XCom limits
 * @param web the UI and API server
 * @param python the GraalPy host
 * @param plugins where plugins are loaded from
 * @param settings every setting that was given or has a default, by name (lower case, without {@code ALOFT_});
 *     operators read theirs from it through {@code TaskContext.settings()}
 * @param origins where each given setting came from ({@code ALOFT_PORT}, or {@code port in /path/aloft.properties}),
 *     for error messages
 * @param envConnections connections given by {@code AIRFLOW_CONN_<ID>} / {@code ALOFT_CONN_<ID>} variables, by
 *     lower-case id, as given (URI or JSON); not settings
 */
public record AloftConfig(
    Path home,
    StoreConfig store,
    DagsConfig dags,
    ExecutionConfig execution,
    WebConfig web,
    PythonConfig python,
    PluginsConfig plugins,
    Map<String, String> settings,
    Map<String, String> origins,
    Map<String, String> envConnections) {

  public AloftConfig {
    settings = Map.copyOf(settings);
    origins = Map.copyOf(origins);
    envConnections = Map.copyOf(envConnections);
  }

  /** The database and the cache shared by every data directory of the user. */
  public record StoreConfig(Optional<DatabaseConfig> database, Path cacheFolder) {}

  /** The DAGs folder and how its files are parsed. */
  public record DagsConfig(Path folder, Duration importTimeout, boolean pausedAtCreation) {}

  /** Task tries: how many run at once in one daemon, the largest XCom value. */
  public record ExecutionConfig(int parallelism, int xcomMaxBytes) {}

  /** The HTTP server of the UI and the API. */
  public record WebConfig(int port) {}

  /** The GraalPy host: warm contexts and extra directories on their path. */
  public record PythonConfig(int contexts, List<Path> path) {
    public PythonConfig {
      path = List.copyOf(path);
    }
  }

  /** Plugin jars and zips, and the folder the launcher stages this checkout's plugins from. */
  public record PluginsConfig(Path folder, Optional<Path> bundled) {}

  /** An external PostgreSQL. */
  public record DatabaseConfig(String url, String user, String password) {
    @Override
    public String toString() {
      return "DatabaseConfig[url=" + url + ", user=" + user + ", password=***]";
    }
  }

  // Shortcuts for the values read most often.

  public Path dagsFolder() {
    return dags.folder();
  }

  public Path pluginsFolder() {
    return plugins.folder();
  }

  public Optional<DatabaseConfig> database() {
    return store.database();
  }

  public int port() {
    return web.port();
  }

  public Duration dagImportTimeout() {
    return dags.importTimeout();
  }

  public int pythonContexts() {
    return python.contexts();
  }

  public int parallelism() {
    return execution.parallelism();
  }

  public int xcomMaxBytes() {
    return execution.xcomMaxBytes();
  }

  public Path logsFolder() {
    return home.resolve("logs");
  }

  public Path pgDataFolder() {
    return home.resolve("pgdata");
  }

  /**
   * Where files that are the same for every data directory are kept: the extracted Python package and its
   * compiled bytecode, and an initialised PostgreSQL cluster ({@code ALOFT_CACHE_FOLDER}).
   */
  public Path cacheFolder() {
    return store.cacheFolder();
  }

  /** The same configuration over another data directory and the embedded database (for `dags test`). */
  public AloftConfig withPrivateHome(Path otherHome) {
    Map<String, String> s = new LinkedHashMap<>(settings);
    s.put("home", otherHome.toString());
    s.remove("database_url");
    return new AloftConfig(otherHome, new StoreConfig(Optional.empty(), store.cacheFolder()), dags, execution, web,
        python, plugins, s, origins, envConnections);
  }

  /** The same configuration with another number of warm Python contexts (a one-file parse needs one). */
  public AloftConfig withPythonContexts(int contexts) {
    return new AloftConfig(home, store, dags, execution, web, new PythonConfig(contexts, python.path()), plugins,
        settings, origins, envConnections);
  }

  /** Extra folders on every GraalPy context's module search path ({@code ALOFT_PYTHON_PATH}, separated by ':'). */
  public List<Path> pythonPath() {
    return python.path();
  }

  /** A setting by name, e.g. {@code setting("gpu")} for {@code ALOFT_GPU}. */
  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** A {@code DURATION} setting ({@code 30}, {@code 500ms}, {@code 5m}), checked at load; empty when unset or blank. */
  public Optional<Duration> durationSetting(String key) {
    return setting(key).filter(v -> !v.isBlank()).map(SettingValues::duration);
  }

  /**
   * Checks the settings that are not Aloft's own against those the loaded plugins declare: a name no one
   * declares, or a value of the wrong type, is a {@link ConfigException} naming it (with the closest known name).
   * Called once the plugins are loaded; settings whose plugin is not loaded are reported as unknown too.
   */
  public void checkPluginSettings(Collection<SettingSpec> declared) {
    Map<String, SettingSpec> byName = BuiltinSettings.index(List.copyOf(declared));
    Set<String> known = new TreeSet<>(BuiltinSettings.BY_NAME.keySet());
    known.addAll(byName.keySet());
    List<String> problems = new ArrayList<>();
    for (String name : new TreeSet<>(origins.keySet())) {
      if (BuiltinSettings.BY_NAME.containsKey(name)) {
        continue;
      }
      SettingSpec spec = byName.get(name);
      if (spec == null) {
        problems.add(ConfigLoader.unknown(name, origins.get(name), known));
      } else {
        SettingValues.problem(spec, settings.get(name), origins.get(name)).ifPresent(problems::add);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
  }

  /**
   * The configuration as {@code ./aloft config} prints it: every built-in setting and every declared plugin
   * setting, with its value or default, secrets masked.
   */
  public Map<String, String> describe(Collection<SettingSpec> pluginSettings) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("home", home.toString());
    out.put("dags_folder", dags.folder().toString());
    out.put("plugins_folder", plugins.folder().toString());
    out.put("logs_folder", logsFolder().toString());
    out.put("database_url", store.database().map(DatabaseConfig::url).orElse("embedded PostgreSQL in " + pgDataFolder()));
    store.database().ifPresent(d -> out.put("database_user", d.user()));
    store.database().ifPresent(d -> out.put("database_password", d.password() == null ? "" : "***"));
    out.put("port", Integer.toString(web.port()));
    out.put("dag_import_timeout", dags.importTimeout().toSeconds() + "s");
    out.put("python_contexts", Integer.toString(python.contexts()));
    out.put("python_path", String.join(":", python.path().stream().map(Path::toString).toList()));
    out.put("parallelism", Integer.toString(execution.parallelism()));
    out.put("xcom_max_bytes", Integer.toString(execution.xcomMaxBytes()));
    out.put("dags_are_paused_at_creation", Boolean.toString(dags.pausedAtCreation()));
    out.put("cache_folder", store.cacheFolder().toString());
    List<SettingSpec> all = new ArrayList<>(BuiltinSettings.ALL);
    all.addAll(pluginSettings);
    for (SettingSpec spec : all) {
      if (out.containsKey(spec.name()) || BuiltinSettings.NOT_THE_DAEMONS.contains(spec.name())) {
        continue;
      }
      String value = settings.get(spec.name());
      if (value == null) {
        value = spec.defaultValue() == null ? "" : spec.defaultValue();
      } else if (spec.secret() || ConfigLoader.isSecretKey(spec.name())) {
        value = "***";
      }
      out.put(spec.name(), value);
    }
    settings.forEach((k, v) -> {
      if (!BuiltinSettings.NOT_THE_DAEMONS.contains(k)) {
        out.putIfAbsent(k, ConfigLoader.isSecretKey(k) ? "***" : v);
      }
    });
    return out;
  }

  /** Aloft's own settings and then {@code pluginSettings}: every setting a user may give. */
  public List<SettingSpec> declaredSettings(Collection<SettingSpec> pluginSettings) {
    List<SettingSpec> all = new ArrayList<>(BuiltinSettings.ALL);
    all.addAll(pluginSettings);
    all.removeIf(s -> BuiltinSettings.NOT_THE_DAEMONS.contains(s.name()));
    return all;
  }

  /** {@link #describe(Collection)} without plugin settings. */
  public Map<String, String> describe() {
    return describe(List.of());
  }
}
