package io.aloft.graphgrid.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SimulatedGpuTest {

  @Test
  void parsesDeviceSpecs() {
    var snapshot = SimulatedGpu.parse("2x16384, 1x8192").snapshot();

    assertThat(snapshot.devices()).extracting(GpuDevice::totalMiB).containsExactly(16384L, 16384L, 8192L);
    assertThat(snapshot.devices()).extracting(GpuDevice::freeMiB).containsExactly(16384L, 16384L, 8192L);
    assertThat(snapshot.driverVersion()).contains(SimulatedGpu.DRIVER);
    assertThatThrownBy(() -> SimulatedGpu.parse("24GB"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ALOFT_GPU_SIMULATED=1x24576");
  }

  @Test
  void sessionsOccupyTheMemoryTheyDeclareUntilReleased() {
    var gpu = SimulatedGpu.parse("1x24576");

    var first = gpu.allocate("run-1", 8192).orElseThrow();
    gpu.allocate("run-2", 6144).orElseThrow();
    var snapshot = gpu.snapshot();

    assertThat(snapshot.devices().getFirst().usedMiB()).isEqualTo(14336);
    assertThat(snapshot.devices().getFirst().freeMiB()).isEqualTo(10240);
    assertThat(snapshot.processes()).hasSize(2);
    assertThat(snapshot.usedByContainer("run-1")).isEqualTo(8192);
    assertThat(gpu.allocate("run-1", 8192)).contains(first);
    assertThat(gpu.release("run-1")).isTrue();
    assertThat(gpu.snapshot().devices().getFirst().freeMiB()).isEqualTo(18432);
  }

  @Test
  void refusesWhatFitsOnNoSingleDevice() {
    var gpu = SimulatedGpu.parse("2x8192");
    gpu.allocate("a", 6000).orElseThrow();

    assertThat(gpu.allocate("b", 9000)).isEmpty();
    // best fit: 2000 goes next to "a" and keeps the empty device for a large session
    assertThat(gpu.allocate("c", 2000).orElseThrow().deviceIndex()).isEqualTo(0);
    assertThat(gpu.allocate("d", 8192).orElseThrow().deviceIndex()).isEqualTo(1);
    assertThat(gpu.allocate("e", 200)).isEmpty();
  }

  @Test
  void concurrentAllocationsNeverOverCommit() throws Exception {
    var gpu = SimulatedGpu.parse("1x24576");
    var start = new CountDownLatch(1);
    var granted = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String owner = "session-" + i;
      threads.add(Thread.startVirtualThread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        gpu.allocate(owner, 3000).ifPresent(a -> granted.incrementAndGet());
        assertThat(gpu.snapshot().devices().getFirst().usedMiB()).isLessThanOrEqualTo(24576);
      }));
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(granted.get()).isEqualTo(8);
    assertThat(gpu.snapshot().devices().getFirst().freeMiB()).isEqualTo(24576 - 8 * 3000);
  }

  @Test
  void settingsSelectTheProbeAndShareOneSimulatedGpuPerSpec() {
    var settings = Map.of("gpu", "simulated", "gpu_simulated", "3x1000");

    assertThat(GpuProbes.fromSettings(settings)).isSameAs(GpuProbes.fromSettings(settings));
    assertThat(GpuProbes.fromSettings(settings).describe()).isEqualTo("simulated 3x1000 MiB");
    assertThat(GpuProbes.simulatedGpu(Map.of("gpu", "simulated")).describe()).contains("1x24576");
    assertThat(GpuProbes.fromSettings(Map.of())).isInstanceOf(NvidiaSmiProbe.class);
  }
}
