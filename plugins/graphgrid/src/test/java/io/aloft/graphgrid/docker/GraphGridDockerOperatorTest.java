package io.aloft.graphgrid.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.peaks.PeakSample;
import io.aloft.graphgrid.peaks.PeakStores;
import io.aloft.graphgrid.preflight.AdmissionLedger;
import io.aloft.plugins.docker.ContainerSpec;
import io.aloft.plugins.docker.DockerTaskException;
import io.aloft.plugins.docker.RunOptions;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The GPU out-of-memory path of GraphGridDockerOperator on the simulated GPU, with a fake container runner standing
 * in for Docker: a container that needs more than its reservation dies as a CUDA trainer does (exit 5, "CUDA out of
 * memory"); the operator records it, raises the reservation and runs it again, within gpu_oom_retries.
 */
class GraphGridDockerOperatorTest {

  private final String run = "run-" + UUID.randomUUID();
  private final String model = "model-" + UUID.randomUUID();
  private final String spec = "1x" + (24000 + Math.abs(run.hashCode() % 500));

  /** A container that needs {@code needMiB}: below that it dies of GPU OOM; or it fails with {@code otherExit}. */
  private final class FakeTrainer implements ContainerRunner {
    final long needMiB;
    final int otherExit;
    final List<Long> reservations;
    final List<String> discarded;

    FakeTrainer(long needMiB, int otherExit, List<Long> reservations, List<String> discarded) {
      this.needMiB = needMiB;
      this.otherExit = otherExit;
      this.reservations = reservations;
      this.discarded = discarded;
    }

    @Override
    public Object run(TaskContext ctx, ContainerSpec spec, RunOptions options) throws InterruptedException {
      long mib = Long.parseLong(spec.environment().get(GraphGridContainers.MEMORY_ENV));
      reservations.add(mib);
      Thread.sleep(150); // long enough for the sampler's first reading
      if (otherExit != 0) {
        throw new DockerTaskException("Docker container failed: exit code " + otherExit, otherExit,
            List.of("Traceback (most recent call last):", "ValueError: bad dataset"));
      }
      if (mib < needMiB) {
        throw new DockerTaskException("Docker container failed: exit code 5", 5, List.of("epoch 1",
            "aloft-trainer: CUDA out of memory (CUDA_ERROR_OUT_OF_MEMORY) while allocating " + needMiB + " MiB"));
      }
      return "trained with " + mib;
    }

    @Override
    public Optional<String> containerId() {
      return Optional.of("c" + reservations.size());
    }

    @Override
    public void kill(TaskContext ctx) {}

    @Override
    public void discard(TaskContext ctx) {
      discarded.add("c" + reservations.size());
    }
  }

  private final List<Long> reservations = new ArrayList<>();
  private final List<String> discarded = new ArrayList<>();

  private FakeTaskContext ctx() {
    return new FakeTaskContext(new TaskIdentity("nlp", run, "train_model_gpu", -1, 1))
        .withSetting("gpu", "simulated").withSetting("gpu_simulated", spec)
        .withSetting(SessionPeakSampler.INTERVAL_SETTING, "20ms")
        // The static table's prior for this model is what the DAG declared: the raise starts from there.
        .withSetting("gpu_memory_estimates", model + "=4096");
  }

  private GraphGridDockerOperator operator(long needMiB, int otherExit) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("image", DockerTestSupport.BUSYBOX);
    args.put("gpu", true);
    args.put("environment", Map.of("ALOFT_MODEL", model, "ALOFT_GPU_MEMORY_MIB", "4096"));
    return new GraphGridDockerOperator(args, c -> new FakeTrainer(needMiB, otherExit, reservations, discarded));
  }

  @Test
  void anUnderEstimatedSessionIsRecordedAsOutOfMemoryAndRetriedWithARaisedReservation() throws Exception {
    FakeTaskContext ctx = ctx();

    Object out = operator(6000, 0).execute(ctx);

    assertThat(out).isEqualTo("trained with 6144");
    assertThat(reservations).containsExactly(4096L, 6144L);
    assertThat(discarded).containsExactly("c1");
    assertThat(ctx.logText())
        .contains("GPU out of memory (exit code 5, 4096 MiB reserved")
        .contains("CUDA out of memory (CUDA_ERROR_OUT_OF_MEMORY) while allocating 6000 MiB")
        .contains("GPU out of memory with 4096 MiB reserved: recorded; retry 1 of 2 reserving 6144 MiB")
        .contains("GPU peak of " + model + ": 6144 MiB");
    List<PeakSample> history = PeakStores.fromSettings(ctx.settings()).of(model);
    assertThat(history).extracting(PeakSample::oom).containsExactly(true, false);
    assertThat(history).extracting(PeakSample::peakMiB).containsExactly(4096L, 6144L);
    assertThat(AdmissionLedger.shared().declared("nlp", run)).hasValue(6144);
    assertThat(GpuProbes.simulatedGpu(ctx.settings()).allocations()).isEmpty();
    AdmissionLedger.shared().forget("nlp", run);
  }

  @Test
  void retriesAreBoundedAndTheLastFailureSaysWhatToChange() {
    FakeTaskContext ctx = ctx().withSetting(GpuOutOfMemory.RETRIES_SETTING, "2");

    assertThatThrownBy(() -> operator(20000, 0).execute(ctx))
        .isInstanceOf(TaskFailException.class)
        .hasMessageContaining("GPU out of memory 3 times (last with 9216 MiB reserved): gave up after 2 retries")
        .hasMessageContaining("gpu_memory_estimates=" + model + "=MiB");

    assertThat(reservations).containsExactly(4096L, 6144L, 9216L);
    assertThat(PeakStores.fromSettings(ctx.settings()).of(model)).hasSize(3).allMatch(PeakSample::oom);
    assertThat(GpuProbes.simulatedGpu(ctx.settings()).allocations()).isEmpty();
    AdmissionLedger.shared().forget("nlp", run);
  }

  @Test
  void aRaiseBeyondTheDeviceGivesUpAtOnce() {
    FakeTaskContext ctx = ctx().withSetting("gpu_simulated", "1x8192");

    assertThatThrownBy(() -> operator(9000, 0).execute(ctx))
        .isInstanceOf(TaskFailException.class)
        .hasMessageContaining("it needs more than the 8192 MiB one device can give");
    assertThat(reservations).containsExactly(4096L, 6144L);
    AdmissionLedger.shared().forget("nlp", run);
  }

  @Test
  void anotherFailureIsNotRetriedNorRecordedAsOutOfMemory() {
    FakeTaskContext ctx = ctx();

    assertThatThrownBy(() -> operator(0, 1).execute(ctx))
        .isInstanceOf(DockerTaskException.class)
        .hasMessageContaining("exit code 1");

    assertThat(reservations).containsExactly(4096L);
    assertThat(discarded).isEmpty();
    assertThat(PeakStores.fromSettings(ctx.settings()).of(model)).noneMatch(PeakSample::oom);
    assertThat(ctx.logText()).doesNotContain("retry");
  }

  @Test
  void theRetryCountMustBeAWholeNumber() {
    assertThat(GraphGridDockerOperator.retries(Map.of())).isEqualTo(2);
    assertThat(GraphGridDockerOperator.retries(Map.of(GpuOutOfMemory.RETRIES_SETTING, "0"))).isZero();
    assertThatThrownBy(() -> GraphGridDockerOperator.retries(Map.of(GpuOutOfMemory.RETRIES_SETTING, "many")))
        .hasMessageContaining("gpu_oom_retries must be a whole number");
  }
}
