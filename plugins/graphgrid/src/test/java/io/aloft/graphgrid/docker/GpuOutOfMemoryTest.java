package io.aloft.graphgrid.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.graphgrid.gpu.SimulatedGpu;
import io.aloft.graphgrid.peaks.InMemoryPeakSamples;
import io.aloft.graphgrid.peaks.PeakEstimator;
import io.aloft.graphgrid.peaks.PeakSample;
import io.aloft.graphgrid.peaks.Reservation;
import io.aloft.graphgrid.preflight.MemoryEstimates;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuOutOfMemoryTest {

  @Test
  void aCudaOutOfMemoryMessageWithAFailingExitIsAGpuOom() {
    List<String> torch = List.of("epoch 1", "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB");
    List<String> tf = List.of("RESOURCE_EXHAUSTED: OOM when allocating tensor with shape[4096,4096]");

    assertThat(GpuOutOfMemory.evidence(1, torch)).hasValueSatisfying(l -> l.contains("CUDA out of memory"));
    assertThat(GpuOutOfMemory.evidence(1, tf)).isPresent();
    assertThat(GpuOutOfMemory.evidence(0, torch)).as("it exited well: not a death").isEmpty();
    assertThat(GpuOutOfMemory.evidence(137, List.of("Killed"))).as("host memory, not the GPU's").isEmpty();
    assertThat(GpuOutOfMemory.exitCode("Docker container failed: exit code 5 (container ab12)")).hasValue(5);
  }

  @Test
  void theTrainersOwnAllocationFailureIsAGpuOom() {
    // What aloft_trainer/device.py prints (on stderr, exit 5) when cuMemAlloc fails with CUDA_ERROR_OUT_OF_MEMORY.
    List<String> trainer = List.of("aloft-trainer: CUDA out of memory (CUDA_ERROR_OUT_OF_MEMORY) while allocating"
        + " 4096 MiB: the GPU has less free memory than this session's reservation; Aloft retries it with a raised"
        + " reservation (gpu_oom_retries)");

    assertThat(GpuOutOfMemory.evidence(5, trainer)).hasValueSatisfying(l -> l.contains("allocating 4096 MiB"));
  }

  @Test
  void theRetryRuleRaisesThenGivesUp() {
    Reservation raised = new Reservation(9216, 6144, 4, Reservation.Basis.PERCENTILE, "raised");

    assertThat(GpuOutOfMemory.after("ner", 1, 6144, raised, 23552, 2))
        .isInstanceOfSatisfying(GpuOutOfMemory.Retry.class, r -> assertThat(r.mib()).isEqualTo(9216));
    assertThat(GpuOutOfMemory.after("ner", 3, 9216, raised, 23552, 2))
        .isInstanceOfSatisfying(GpuOutOfMemory.GiveUp.class, g -> assertThat(g.message()).contains("gave up after 2"));
    assertThat(GpuOutOfMemory.after("ner", 1, 9216, raised, 23552, 2)).isInstanceOf(GpuOutOfMemory.GiveUp.class);
    assertThat(GpuOutOfMemory.after("ner", 1, 6144, raised, 8000, 2))
        .isInstanceOfSatisfying(GpuOutOfMemory.GiveUp.class, g -> assertThat(g.message()).contains("one device"));
  }

  /**
   * On the simulated GPU: a model whose table under-estimates it (true peak 9000 MiB, table 6144) runs out of memory
   * once when it grows past its reservation on a card shared with another session, the OOM is recorded, the
   * estimator raises the reservation, the retry gets it and succeeds.
   */
  @Test
  void anUnderEstimatedModelOomsOnceAndSucceedsWithTheRaisedReservation() {
    SimulatedGpu gpu = SimulatedGpu.parse("1x16384");
    var samples = new InMemoryPeakSamples();
    var estimator = PeakEstimator.withPrior(MemoryEstimates.defaults());
    String model = "named_entity_recognition";
    long truePeak = 9000;
    // A neighbour was admitted into what the first reservation left: 16384 - 6144 - 1024 margin.
    assertThat(gpu.allocate("neighbour", 9000)).isPresent();

    long reserved = estimator.reserve(model, 0, samples.of(model)).mib();
    int ooms = 0;
    boolean done = false;
    while (!done) {
      String owner = "run-1/try-" + ooms;
      assertThat(gpu.allocateOn(owner, 0, reserved / 2)).as("starts within its reservation").isPresent();
      boolean grew = gpu.resize(owner, truePeak);
      gpu.release(owner);
      if (grew) {
        samples.add(PeakSample.peak(model, 0, truePeak, Instant.EPOCH));
        done = true;
      } else {
        ooms++;
        samples.add(PeakSample.outOfMemory(model, 0, reserved, Instant.EPOCH));
        var next = GpuOutOfMemory.after(model, ooms, reserved, estimator.reserve(model, 0, samples.of(model)),
            16384 - 1024, GpuOutOfMemory.DEFAULT_RETRIES);
        assertThat(next).isInstanceOf(GpuOutOfMemory.Retry.class);
        reserved = ((GpuOutOfMemory.Retry) next).mib();
        // The retry waits until its raised reservation fits: here, until the neighbour ends.
        gpu.release("neighbour");
      }
    }

    assertThat(ooms).isEqualTo(1);
    assertThat(reserved).isGreaterThanOrEqualTo(truePeak);
    assertThat(samples.of(model)).extracting(PeakSample::oom).containsExactly(true, false);
  }
}
