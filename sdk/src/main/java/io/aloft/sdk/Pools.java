package io.aloft.sdk;

import java.util.Optional;

/** Read and change pools; changes are transactional and seen by the scheduler at once. */
public interface Pools {

  Optional<PoolView> get(String name);

  /** Creates the pool or changes its slots and description. */
  void set(String name, int slots, String description);

  /** A pool's size and use at this moment. */
  record PoolView(String name, int slots, int running, int queued, String description) {
    public int open() {
      return slots - running - queued;
    }
  }
}
