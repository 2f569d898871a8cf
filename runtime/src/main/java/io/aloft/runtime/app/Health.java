package io.aloft.runtime.app;

import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.WorkerStore;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the metadata database answers, and when a scheduler and a triggerer last passed: this process's own, or
 * the latest that any scheduler process recorded in the database (a web server that runs no scheduler, as
 * Airflow's reads its job table). Thread-safe; each question is one small query.
 */
public final class Health {

  private static final Logger LOG = LoggerFactory.getLogger(Health.class);

  private final Stores stores;
  private final SchedulerSignal scheduler;
  private final WorkerStore beats;

  Health(Stores stores, SchedulerSignal scheduler) {
    this.stores = stores;
    this.scheduler = scheduler;
    this.beats = new WorkerStore(stores.jdbi());
  }

  public boolean databaseHealthy() {
    return stores.databaseAnswers();
  }

  /**
   * When a scheduler last finished a pass: this process's, or a later one recorded by another; empty when none ever
   * ran (or the database does not answer and none runs here).
   */
  public Optional<Instant> schedulerHeartbeat() {
    return latest(scheduler.lastPass(), recorded(WorkerStore.SCHEDULER));
  }

  /** When a triggerer last passed, as recorded by the scheduler processes (at most a few seconds late). */
  public Optional<Instant> triggererHeartbeat() {
    return recorded(WorkerStore.TRIGGERER);
  }

  private Optional<Instant> recorded(String component) {
    try {
      return beats.latestBeat(component);
    } catch (RuntimeException e) {
      // The database's own status says it is down; the scheduler part answers with what this process knows.
      LOG.debug("reading the {} heartbeat failed: {}", component, e.toString());
      return Optional.empty();
    }
  }

  private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().isAfter(a.get()) ? b : a;
  }
}
