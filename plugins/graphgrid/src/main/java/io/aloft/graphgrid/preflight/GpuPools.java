package io.aloft.graphgrid.preflight;

import io.aloft.sdk.Pools;

/**
 * The two pools of the GPU subgraph. {@code gpu_preflight_pool} has one slot, so that one preflight at a time
 * reads the GPU and no two decide on the same free memory; {@code gpu_pool} holds the GPU training tasks and is
 * resized by {@code gpu_pool_setup} to what the preflight found fits.
 */
public final class GpuPools {

  public static final String PREFLIGHT_POOL = "gpu_preflight_pool";
  public static final String GPU_POOL = "gpu_pool";

  private GpuPools() {}

  /** Creates whichever of the two pools is missing (at plugin start); existing ones are left as they are. */
  public static void ensure(Pools pools) {
    if (pools.get(PREFLIGHT_POOL).isEmpty()) {
      pools.set(PREFLIGHT_POOL, 1, "GPU preflight: one session decides at a time");
    }
    if (pools.get(GPU_POOL).isEmpty()) {
      pools.set(GPU_POOL, 1, description(1));
    }
  }

  /**
   * Sets {@code gpu_pool} to the preflight's size, creating it when missing. The pool never shrinks below the
   * GPU trainings running in it, since their slots are taken: shrinking under them would only mislead.
   *
   * @return the size set
   */
  public static int resize(Pools pools, PreflightDecision decision) {
    return resize(pools, decision.poolSize());
  }

  /** Sets {@code gpu_pool} to {@code poolSize} (as {@link #resize(Pools, PreflightDecision)}). */
  public static int resize(Pools pools, int poolSize) {
    int running = pools.get(GPU_POOL).map(Pools.PoolView::running).orElse(0);
    int size = Math.max(Math.max(1, poolSize), running);
    pools.set(GPU_POOL, size, description(size));
    return size;
  }

  private static String description(int size) {
    return "GPU training sessions; sized by gpu_preflight_configuration (now " + size + ")";
  }
}
