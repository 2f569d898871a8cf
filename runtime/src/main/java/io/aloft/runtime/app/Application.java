package io.aloft.runtime.app;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.EventLogStore;
import io.aloft.runtime.store.Stores;
import java.time.Clock;
import java.time.Duration;

/**
 * Every application service over one store, built once by the composition root ({@link io.aloft.runtime.Aloft}) and
 * handed to the adapters (REST API, web UI, CLI). Thread-safe; holds no resources of its own (the root closes the
 * store).
 */
public final class Application {

  /** How long a UI login lasts. */
  static final Duration SESSION_TTL = Duration.ofHours(12);

  private final Dags dags;
  private final Runs runs;
  private final TaskInstances taskInstances;
  private final Pools pools;
  private final Variables variables;
  private final Connections connections;
  private final ImportErrors importErrors;
  private final Datasets datasets;
  private final Users users;
  private final Roles roles;
  private final Configuration configuration;
  private final Sessions sessions;
  private final Plugins plugins;
  private final Health health;
  private final EventLogs events;
  private final DbClean dbClean;
  private final DagParsing dagParsing = new DagParsing();
  private final Workers workers;

  private Application(AloftConfig config, Stores stores, RunTrigger.ConfCheck confCheck, LogFiles logs, Clock clock,
      SchedulerSignal scheduler) {
    RunTrigger trigger = new RunTrigger(stores, confCheck, clock, scheduler::wake);
    this.events = new EventLogs(new EventLogStore(stores.jdbi()), clock);
    this.dags = new Dags(stores, scheduler, new DagUpload(config), events);
    this.taskInstances = new TaskInstances(stores, logs, events, scheduler, clock);
    this.runs = new Runs(stores, trigger, scheduler, clock, events, taskInstances);
    this.pools = new Pools(stores, scheduler, events);
    this.variables = new Variables(stores, events, io.aloft.runtime.execution.SensitiveNames.of(config.settings()));
    this.connections = new Connections(stores, events, config);
    this.importErrors = new ImportErrors(stores);
    this.datasets = new Datasets(stores, scheduler, clock);
    this.roles = new Roles(stores.users());
    this.users = new Users(stores.users(), clock, roles);
    this.configuration = new Configuration(config);
    this.sessions = new Sessions(stores.sessions(), clock, SESSION_TTL, events);
    this.plugins = new Plugins(config);
    this.health = new Health(stores, scheduler);
    this.dbClean = new DbClean(new io.aloft.runtime.store.RetentionStore(stores.jdbi()), logs, events);
    this.workers = new Workers(new io.aloft.runtime.store.WorkerStore(stores.jdbi()), clock);
  }

  /**
   * The services over an opened store.
   *
   * @param confCheck checks a trigger's conf against the DAG's params (the root passes {@code ParamsValidator})
   * @param scheduler wakes the scheduler after a change it should act on, and tells its heartbeat
   */
  public static Application over(AloftConfig config, Stores stores, RunTrigger.ConfCheck confCheck, LogFiles logs,
      Clock clock, SchedulerSignal scheduler) {
    return new Application(config, stores, confCheck, logs, clock, scheduler);
  }

  /** The services that need no database: {@link #plugins()} only (for {@code plugins list}, {@code gpu check}). */
  public static Plugins pluginsOnly(AloftConfig config) {
    return new Plugins(config);
  }

  public Dags dags() {
    return dags;
  }

  public Runs runs() {
    return runs;
  }

  public TaskInstances taskInstances() {
    return taskInstances;
  }

  public Pools pools() {
    return pools;
  }

  public Variables variables() {
    return variables;
  }

  public Connections connections() {
    return connections;
  }

  public ImportErrors importErrors() {
    return importErrors;
  }

  public Datasets datasets() {
    return datasets;
  }

  public Users users() {
    return users;
  }

  /** The roles users can have (the fixed four and those made through the API). */
  public Roles roles() {
    return roles;
  }

  /** The effective configuration as {@code /config} shows it. */
  public Configuration configuration() {
    return configuration;
  }

  public Sessions sessions() {
    return sessions;
  }

  public Plugins plugins() {
    return plugins;
  }

  public Health health() {
    return health;
  }

  /** Deleting old history ({@code aloft db clean}, the daemon's retention). */
  public DbClean dbClean() {
    return dbClean;
  }

  /** How far this process's DAG-folder sync has got (the daemon's; idle elsewhere). */
  public DagParsing dagParsing() {
    return dagParsing;
  }

  /** The audit log. */
  public EventLogs events() {
    return events;
  }

  /** The processes that run tries. */
  public Workers workers() {
    return workers;
  }
}
