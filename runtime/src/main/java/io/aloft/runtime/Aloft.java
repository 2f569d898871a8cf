package io.aloft.runtime;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.scheduler.ParamsValidator;
import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.scheduler.WakeListener;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.Stores;
import java.time.Clock;

/**
 * The one wiring class: builds every part with its collaborators, in start order, and closes them in
 * reverse. {@link #openStore} gives what the CLI needs (the store); {@link Daemon} adds DAG parsing,
 * plugins, the scheduler, the executor and the web server on top.
 */
public final class Aloft implements AutoCloseable {

  private final AloftConfig config;
  private final Clock clock;
  private final Database database;
  private final Stores stores;
  private final LogFiles logFiles;
  private volatile Runnable localWake;
  private final RunTrigger trigger;

  private Aloft(AloftConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.database = Database.open(config);
    this.stores = Stores.over(database, config.xcomMaxBytes());
    this.logFiles = new LogFiles(config.logsFolder());
    this.trigger = new RunTrigger(stores, new ParamsValidator()::check, clock, this::notifyScheduler);
  }

  /** Opens the configured database (starting the embedded one if needed) and migrates it. */
  public static Aloft openStore(AloftConfig config) {
    return new Aloft(config, Clock.systemUTC());
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

  public Stores stores() {
    return stores;
  }

  public LogFiles logFiles() {
    return logFiles;
  }

  public RunTrigger trigger() {
    return trigger;
  }

  /** Called by the daemon: wake its scheduler directly instead of through the database. */
  void onLocalWake(Runnable wake) {
    this.localWake = wake;
  }

  /** Wakes the scheduler of this process, or of any daemon on the same database. */
  public void notifyScheduler() {
    Runnable local = localWake;
    if (local != null) {
      local.run();
      return;
    }
    stores.jdbi().useHandle(h -> h.execute("NOTIFY " + WakeListener.CHANNEL));
  }

  @Override
  public void close() {
    database.close();
  }
}
