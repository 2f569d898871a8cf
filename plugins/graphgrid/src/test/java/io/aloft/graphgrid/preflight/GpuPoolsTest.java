package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.sdk.Pools;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuPoolsTest {

  /** Pools in a map; {@code running} is set by the test. */
  private static final class FakePools implements Pools {
    final Map<String, PoolView> pools = new HashMap<>();

    @Override
    public Optional<PoolView> get(String name) {
      return Optional.ofNullable(pools.get(name));
    }

    @Override
    public void set(String name, int slots, String description) {
      PoolView old = pools.get(name);
      pools.put(name, new PoolView(name, slots, old == null ? 0 : old.running(), 0, description));
    }
  }

  private static PreflightDecision fitting(int poolSize) {
    return new PreflightDecision(true, poolSize, poolSize - 1, 6144, 9000, "fits");
  }

  @Test
  void ensureCreatesMissingPoolsAndKeepsExistingOnes() {
    var pools = new FakePools();
    pools.pools.put("gpu_pool", new Pools.PoolView("gpu_pool", 3, 2, 0, "set by an earlier run"));

    GpuPools.ensure(pools);

    assertThat(pools.get("gpu_preflight_pool")).map(Pools.PoolView::slots).contains(1);
    assertThat(pools.get("gpu_pool")).map(Pools.PoolView::slots).contains(3);
  }

  @Test
  void resizeFollowsThePreflightButNeverBelowRunningTrainings() {
    var pools = new FakePools();
    GpuPools.ensure(pools);

    assertThat(GpuPools.resize(pools, fitting(3))).isEqualTo(3);
    pools.pools.put("gpu_pool", new Pools.PoolView("gpu_pool", 3, 2, 0, "two running"));
    assertThat(GpuPools.resize(pools, fitting(1))).isEqualTo(2);
    assertThat(pools.get("gpu_pool").orElseThrow().description()).contains("now 2");
  }
}
