package io.aloft.sdk.testing;

import io.aloft.sdk.Pools;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pools held in memory; {@link #setUsage} lets a test say how many slots are running and queued. Thread-safe.
 *
 * <pre>{@code
 * FakePools pools = new FakePools();
 * pools.set("gpu_pool", 2, "GPU trainings");
 * pools.setUsage("gpu_pool", 1, 0);
 * assert pools.get("gpu_pool").orElseThrow().open() == 1;
 * }</pre>
 */
public final class FakePools implements Pools {

  private final Map<String, PoolView> pools = new LinkedHashMap<>();

  @Override
  public synchronized Optional<PoolView> get(String name) {
    return Optional.ofNullable(pools.get(name));
  }

  @Override
  public synchronized void set(String name, int slots, String description) {
    PoolView old = pools.get(name);
    int running = old == null ? 0 : old.running();
    int queued = old == null ? 0 : old.queued();
    pools.put(name, new PoolView(name, slots, running, queued, description));
  }

  /** Sets the running and queued counts of an existing pool. */
  public synchronized void setUsage(String name, int running, int queued) {
    PoolView old = pools.get(name);
    if (old == null) {
      throw new IllegalArgumentException("no pool " + name + ": call set(\"" + name + "\", slots, description) first");
    }
    pools.put(name, new PoolView(name, old.slots(), running, queued, old.description()));
  }

  public synchronized Map<String, PoolView> all() {
    return Map.copyOf(pools);
  }
}
