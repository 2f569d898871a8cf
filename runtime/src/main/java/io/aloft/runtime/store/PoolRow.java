package io.aloft.runtime.store;

/** A pool and how many of its slots are in use right now. */
public record PoolRow(String name, int slots, String description, int running, int queued) {
  public int open() {
    return slots - running - queued;
  }
}
