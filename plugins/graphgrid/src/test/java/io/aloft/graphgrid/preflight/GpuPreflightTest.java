package io.aloft.graphgrid.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.graphgrid.gpu.GpuDevice;
import io.aloft.graphgrid.gpu.GpuProcess;
import io.aloft.graphgrid.gpu.GpuSnapshot;
import io.aloft.graphgrid.gpu.SimulatedGpu;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuPreflightTest {

  private static final long SESSION = 9000;
  private final GpuPreflight preflight = new GpuPreflight(1024);

  private static AdmittedSession session(String id) {
    return new AdmittedSession(id, SESSION, Optional.of(id));
  }

  /**
   * Three sessions of 9000 MiB on one simulated 24 GiB GPU with a 1 GiB margin, admitted one at a time the way the
   * DAG does (preflight, pool setup, then the container starts and takes its memory): the first two fit, the
   * pool grows only while memory allows, the third waits until one finishes, and the GPU is never over-committed.
   */
  @Test
  void threeSessionsAreAdmittedOneAtATimeWithoutOverCommitting() {
    var gpu = SimulatedGpu.parse("1x24576");
    List<AdmittedSession> admitted = new ArrayList<>();
    List<Integer> poolSizes = new ArrayList<>();

    for (String run : List.of("run-1", "run-2")) {
      PreflightDecision decision = preflight.decide(gpu.snapshot(), SESSION, admitted);
      assertThat(decision.fits()).as(run).isTrue();
      poolSizes.add(decision.poolSize());
      admitted.add(session(run));
      assertThat(gpu.allocate(run, SESSION)).as("the simulated GPU accepts %s", run).isPresent();
    }
    PreflightDecision third = preflight.decide(gpu.snapshot(), SESSION, admitted);

    assertThat(poolSizes).containsExactly(2, 2);
    assertThat(third.fits()).isFalse();
    assertThat(third.poolSize()).isEqualTo(2);
    assertThat(third.reason()).contains("does not fit yet", "5552 MiB headroom", "2 admitted");
    assertThat(gpu.allocate("run-3", SESSION)).as("memory really is too short").isEmpty();

    gpu.release("run-1");
    admitted.removeFirst();
    PreflightDecision later = preflight.decide(gpu.snapshot(), SESSION, admitted);
    assertThat(later.fits()).isTrue();
    assertThat(later.poolSize()).isEqualTo(2);
    assertThat(gpu.allocate("run-3", SESSION)).isPresent();
    assertThat(gpu.snapshot().devices().getFirst().usedMiB()).isLessThanOrEqualTo(24576);
  }

  @Test
  void sessionsNotYetOnTheGpuKeepTheirMemoryReserved() {
    var gpu = SimulatedGpu.parse("1x24576");
    // run-1 and run-2 were admitted but their containers have not started: the GPU still reads empty.
    List<AdmittedSession> admitted = List.of(session("run-1"), session("run-2"));

    PreflightDecision decision = preflight.decide(gpu.snapshot(), SESSION, admitted);

    assertThat(decision.fits()).isFalse();
    assertThat(decision.largestHeadroomMiB()).isEqualTo(24576 - 1024 - 2 * SESSION);
  }

  @Test
  void aSessionPartlyOnTheGpuReservesOnlyWhatItHasNotTakenYet() {
    var gpu = SimulatedGpu.parse("1x24576");
    gpu.allocate("run-1", 3000);

    PreflightDecision decision = preflight.decide(gpu.snapshot(), SESSION, List.of(session("run-1")));

    assertThat(decision.largestHeadroomMiB()).isEqualTo(24576 - 3000 - 1024 - (SESSION - 3000));
  }

  @Test
  void poolGrowsWithRoomOnSeveralDevicesButASessionMustFitOnOne() {
    var device0 = new GpuDevice(0, "A", "GPU-a", 16384, 0, 16384, "550");
    var device1 = new GpuDevice(1, "B", "GPU-b", 16384, 9000, 7384, "550");
    var snapshot = new GpuSnapshot(List.of(device0, device1),
        List.of(new GpuProcess(10, 9000, "GPU-b", Optional.of("c1"))));

    PreflightDecision decision = preflight.decide(snapshot, 6000, List.of(new AdmittedSession("c1", 9000,
        Optional.of("c1"))));

    // device 0: 15360 / 6000 = 2, device 1: 6360 / 6000 = 1
    assertThat(decision.poolSize()).isEqualTo(1 + 3);
    assertThat(preflight.decide(snapshot, 16000, List.of()).fits()).isFalse();
  }

  @Test
  void noGpuNeverFits() {
    PreflightDecision decision = preflight.decide(GpuSnapshot.empty(), SESSION, List.of());

    assertThat(decision.fits()).isFalse();
    assertThat(decision.poolSize()).isEqualTo(1);
    assertThat(decision.reason()).isEqualTo("no GPU on this host");
  }

  @Test
  void marginComesFromSettings() {
    var gpu = SimulatedGpu.parse("1x10000");

    assertThat(GpuPreflight.fromSettings(Map.of("gpu_safety_margin_mib", "2000"))
        .decide(gpu.snapshot(), 8001, List.of()).fits()).isFalse();
    assertThat(GpuPreflight.fromSettings(Map.of()).decide(gpu.snapshot(), 8001, List.of()).fits()).isTrue();
    assertThatThrownBy(() -> GpuPreflight.fromSettings(Map.of("gpu_safety_margin_mib", "1GB")))
        .hasMessageContaining("gpu_safety_margin_mib");
  }
}
