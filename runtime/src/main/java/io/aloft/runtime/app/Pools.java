package io.aloft.runtime.app;

import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.PoolRow;
import io.aloft.runtime.store.PoolStore;
import io.aloft.runtime.store.Stores;
import java.util.List;
import java.util.Optional;

/** Pools: list, read, create or resize, delete. Thread-safe. */
public final class Pools {

  /** The pool every task without one runs in; it can be resized but not deleted. */
  public static final String DEFAULT_POOL = PoolStore.DEFAULT_POOL;

  private final Stores stores;
  private final SchedulerSignal scheduler;
  private final EventLogs events;

  Pools(Stores stores, SchedulerSignal scheduler, EventLogs events) {
    this.events = events;
    this.stores = stores;
    this.scheduler = scheduler;
  }

  public List<PoolRow> list() {
    return stores.pools().list();
  }

  public Optional<PoolRow> get(String name) {
    return stores.pools().get(name);
  }

  /**
   * Creates a pool or changes its slots (and description, when not null), recorded in the audit log; more slots may let waiting tasks start, so
   * the scheduler is woken.
   *
   * @throws IllegalArgumentException when the name or the slots are invalid
   */
  public PoolRow set(Actor actor, String name, int slots, String description) {
    return set(actor, name, slots, description, null);
  }

  /**
   * As {@link #set(Actor, String, int, String)}, and sets whether deferred tasks count against the pool's slots
   * ({@code includeDeferred}; null keeps it, false for a new pool).
   */
  public PoolRow set(Actor actor, String name, int slots, String description, Boolean includeDeferred) {
    actor.require(Permission.edit(Permission.POOLS));
    PoolRow row = stores.pools().set(name, slots, description, includeDeferred);
    scheduler.wake();
    java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>(
        java.util.Map.of("pool", name, "slots", slots, "description", description == null ? "" : description));
    if (includeDeferred != null) {
      extra.put("include_deferred", includeDeferred);
    }
    events.record(actor, "pool_set", EventLogs.Subject.NONE, extra);
    return row;
  }

  /** Deletes a pool (recorded in the audit log); false when there was none. */
  public boolean delete(Actor actor, String name) {
    actor.require(Permission.delete(Permission.POOLS));
    boolean deleted = stores.pools().delete(name);
    if (deleted) {
      events.record(actor, "pool_delete", EventLogs.Subject.NONE, java.util.Map.of("pool", name));
    }
    return deleted;
  }
}
