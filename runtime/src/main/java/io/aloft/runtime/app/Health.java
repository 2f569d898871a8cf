package io.aloft.runtime.app;

import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.Stores;
import java.time.Instant;
import java.util.Optional;

/** Whether the metadata database answers and when this process's scheduler last passed. Thread-safe. */
public final class Health {

  private final Stores stores;
  private final SchedulerSignal scheduler;

  Health(Stores stores, SchedulerSignal scheduler) {
    this.stores = stores;
    this.scheduler = scheduler;
  }

  public boolean databaseHealthy() {
    return stores.databaseAnswers();
  }

  /** When the scheduler of this process last finished a pass; empty when none runs here (or before its first). */
  public Optional<Instant> schedulerHeartbeat() {
    return scheduler.lastPass();
  }
}
