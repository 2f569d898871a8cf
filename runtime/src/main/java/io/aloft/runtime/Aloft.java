package io.aloft.runtime;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.LoadedOperators;
import io.aloft.runtime.app.LoadedPlugins;
import io.aloft.runtime.app.PluginExtensions;
import io.aloft.runtime.app.Plugins;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.scheduler.ParamsValidator;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.SecretCipher;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.web.WebServer;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The composition root: the one place that builds Aloft's object graph from the configuration (constructor
 * injection, no DI container). Every entry point — the daemon, each CLI command, the benchmarks, the tests — asks
 * one of its factories for what it needs:
 *
 * <ul>
 *   <li>{@link #openStore} — the store and the application services over it (most CLI commands);
 *   <li>{@link #plugins} — the plugins alone, no database ({@code plugins list}, {@code gpu check});
 *   <li>{@link Daemon#start} / {@link Daemon#startOpeningStore} — the engine over an opened root: operators, Python,
 *       DAG sync, executor, scheduler, and the web server when asked;
 *   <li>{@link #web} — the web UI and REST API over the application services.
 * </ul>
 *
 * Nothing is attached after construction: the {@link SchedulerSignal} is created here first and handed to both the
 * scheduler (which waits on it) and everything that wakes it. See {@code docs/ARCHITECTURE.md}. Closing it closes
 * the database.
 */
public final class Aloft implements AutoCloseable {

  private final AloftConfig config;
  private final Clock clock;
  private final Database database;
  private final Stores stores;
  private final LogFiles logFiles;
  private final SchedulerSignal schedulerSignal;
  private final Application app;

  private Aloft(AloftConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.database = Database.open(config);
    this.stores = Stores.over(database, config.xcomMaxBytes(), SecretCipher.forConfig(config),
        config.envConnections(), io.aloft.runtime.execution.SensitiveNames.of(config.settings())::sensitive);
    this.logFiles = new LogFiles(config.logsFolder());
    this.schedulerSignal = SchedulerSignal.overDatabase(stores.jdbi());
    this.app = Application.over(config, stores, new ParamsValidator()::check, logFiles, clock, schedulerSignal);
  }

  /** Opens the configured database (starting the embedded one if needed), migrates it, and builds the services. */
  public static Aloft openStore(AloftConfig config) {
    return new Aloft(config, Clock.systemUTC());
  }

  /**
   * The plugins of this home with their routes, pages and commands, for a CLI command: the database behind their
   * schemas is {@code store}'s, opened only when a handler first asks for it.
   */
  public static LoadedPlugins loadPlugins(AloftConfig config, java.nio.file.Path shimsFolder, Supplier<Aloft> store) {
    LoadedOperators operators = LoadedOperators.load(config, shimsFolder, () -> io.aloft.runtime.execution.builtin.CrossDagRuns.NONE);
    return new LoadedPlugins(operators, PluginExtensions.of(config, operators.plugins(),
        () -> store.get().database.dataSource(), () -> store.get().stores.jdbi()));
  }

  /** The plugins of this home, without a database. */
  public static Plugins plugins(AloftConfig config) {
    return Application.pluginsOnly(config);
  }

  /** The web UI and REST API over this root's services (not started), without plugin routes or pages. */
  public WebServer web() {
    return web(PluginExtensions.none());
  }

  /** The web UI and REST API over this root's services, with the plugins' routes and pages (not started). */
  public WebServer web(PluginExtensions extensions) {
    return new WebServer(config, app, clock, extensions);
  }

  /** The web UI, REST API and {@code /metrics} of a daemon, with the plugins' routes and pages (not started). */
  public WebServer web(PluginExtensions extensions, io.aloft.runtime.metrics.Metrics metrics) {
    return new WebServer(config, app, clock, extensions, metrics);
  }

  /** What the loaded plugins add beyond operators, over this root's database (their schemas migrated first). */
  public PluginExtensions pluginExtensions(io.aloft.runtime.plugins.PluginHost plugins) {
    PluginExtensions extensions =
        PluginExtensions.of(config, plugins, database::dataSource, stores::jdbi);
    extensions.migrate();
    return extensions;
  }

  public AloftConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Database database() {
    return database;
  }

  /** The stores, for the engine and for tests; adapters use {@link #app()} instead. */
  public Stores stores() {
    return stores;
  }

  public LogFiles logFiles() {
    return logFiles;
  }

  /** The application services: what the REST API, the UI and the CLI call. */
  public Application app() {
    return app;
  }

  /** Wakes the scheduler of this process if it runs one, else the daemons on the same database. */
  public SchedulerSignal schedulerSignal() {
    return schedulerSignal;
  }

  /**
   * Hands closing the database at JVM exit to the caller (the CLI's shutdown hook closes it after stopping the daemon,
   * whose running tries still record their end). Returns this root.
   */
  public Aloft closedAtExitByCaller() {
    database.closedAtExitByCaller();
    return this;
  }

  /** Creates or upgrades the schema ({@code aloft db migrate}; opening the store already did it once). */
  public void migrateDatabase() {
    database.migrate();
  }

  @Override
  public void close() {
    database.close();
  }
}
