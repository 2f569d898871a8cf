package io.aloft.runtime.store;

/**
 * A pool and how many of its slots are in use right now: running and queued instances always, deferred ones only
 * when the pool {@code includeDeferred} (Airflow 2.7's pool flag).
 */
public record PoolRow(String name, int slots, String description, int running, int queued, int deferred,
    boolean includeDeferred) {

  /** Slots held now: running, queued, and deferred when the pool counts them. */
  public int occupied() {
    return running + queued + (includeDeferred ? deferred : 0);
  }

  public int open() {
    return slots - occupied();
  }
}
