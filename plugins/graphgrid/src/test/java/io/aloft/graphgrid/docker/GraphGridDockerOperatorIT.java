package io.aloft.graphgrid.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.DeviceRequest;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.plugins.docker.DockerTaskRunner;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GraphGridDockerOperator against a real engine: what the created container carries. */
class GraphGridDockerOperatorIT {

  private final String run = "it-" + UUID.randomUUID();
  private DockerClient docker;

  @AfterEach
  void removeContainers() {
    if (docker == null) {
      return;
    }
    for (Container c : docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerTaskRunner.RUN_LABEL, run)).exec()) {
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).exec();
      } catch (NotFoundException gone) {
        // fine
      }
    }
  }

  private Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", DockerTestSupport.BUSYBOX);
    m.put("mount_tmp_dir", false);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private InspectContainerResponse theContainer(String task) {
    List<Container> found = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerTaskRunner.RUN_LABEL, run, DockerTaskRunner.TASK_LABEL, task)).exec();
    assertThat(found).hasSize(1);
    return docker.inspectContainerCmd(found.getFirst().getId()).exec();
  }

  @Test
  void aGpuContainerIsCreatedWithTheDeviceRequestAndTheGpuLabel() {
    docker = DockerTestSupport.require(DockerTestSupport.BUSYBOX);
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("nlp", run, "train_model_gpu", -1, 1));
    Throwable startFailure = null;
    try {
      new GraphGridDockerOperator(args("command", "true", "gpu", true, "gpu_label", true, "gpu_healthcheck", true,
          "labels", Map.of("team", "nlp"))).execute(ctx);
    } catch (Exception e) {
      // Without the NVIDIA runtime the engine creates the container but refuses to start it.
      startFailure = e;
    }

    InspectContainerResponse created = theContainer("train_model_gpu");
    List<DeviceRequest> requests = created.getHostConfig().getDeviceRequests();
    assertThat(requests).hasSize(1);
    assertThat(requests.getFirst().getCount()).isEqualTo(-1);
    assertThat(requests.getFirst().getCapabilities()).isEqualTo(List.of(List.of("gpu")));
    assertThat(created.getConfig().getLabels())
        .containsEntry("gpu.container", "true")
        .containsEntry("team", "nlp")
        .containsEntry(DockerTaskRunner.TASK_LABEL, "train_model_gpu");
    assertThat(created.getConfig().getHealthcheck().getTest()).contains("CMD-SHELL");
    if (startFailure != null) {
      assertThat(created.getState().getStatus()).isEqualTo("created");
    }
  }

  @Test
  void inSimulatedModeTheContainerRunsWithoutTheDeviceRequestAndHoldsItsMemoryOnlyWhileItRuns() throws Exception {
    docker = DockerTestSupport.require(DockerTestSupport.BUSYBOX);
    String spec = "1x" + (20000 + Math.abs(run.hashCode() % 1000));
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("nlp", run, "train_model_gpu", -1, 1))
        .withSetting("gpu", "simulated").withSetting("gpu_simulated", spec);
    var gpu = GpuProbes.simulatedGpu(ctx.settings());

    Object out = new GraphGridDockerOperator(args(
        "command", List.of("sh", "-c", "echo device=$ALOFT_TRAINING_DEVICE mib=$ALOFT_GPU_MEMORY_MIB"),
        "environment", Map.of("ALOFT_GPU_MEMORY_MIB", "5000"), "gpu", true, "gpu_label", true)).execute(ctx);

    assertThat(out).isEqualTo("device=simulated-gpu mib=5000");
    assertThat(ctx.logText()).contains("without a GPU device request").contains("released the simulated GPU memory");
    assertThat(theContainer("train_model_gpu").getHostConfig().getDeviceRequests()).isNullOrEmpty();
    assertThat(gpu.allocations()).isEmpty();
  }

  @Test
  void anUnderEstimatedModelDiesOfGpuOutOfMemoryOnceAndIsRetriedWithARaisedReservation() throws Exception {
    docker = DockerTestSupport.require(DockerTestSupport.BUSYBOX);
    String spec = "1x" + (22000 + Math.abs(run.hashCode() % 1000));
    String model = "underestimated-" + UUID.randomUUID();
    FakeTaskContext ctx = new FakeTaskContext(new TaskIdentity("nlp", run, "train_model_gpu", -1, 1))
        .withSetting("gpu", "simulated").withSetting("gpu_simulated", spec)
        .withSetting("gpu_memory_estimates", model + "=4096").withSetting("gpu_peak_sample_interval", "100ms");
    // A trainer that really needs 6000 MiB: given less, it dies as PyTorch does (CUDA OOM on stderr, non-zero exit).
    String trainer = "if [ \"$ALOFT_GPU_MEMORY_MIB\" -lt 6000 ]; then echo \"torch.OutOfMemoryError: CUDA out of memory."
        + " Tried to allocate 6000 MiB\" >&2; exit 5; fi; sleep 1; echo trained with $ALOFT_GPU_MEMORY_MIB MiB";

    Object out = new GraphGridDockerOperator(args("command", List.of("sh", "-c", trainer),
        "environment", Map.of("ALOFT_MODEL", model, "ALOFT_GPU_MEMORY_MIB", "4096"), "gpu", true)).execute(ctx);

    assertThat(out).isEqualTo("trained with 6144 MiB");
    assertThat(ctx.logText())
        .contains("torch.OutOfMemoryError: CUDA out of memory")
        .contains("GPU out of memory with 4096 MiB reserved: recorded; retry 1 of 2 reserving 6144 MiB")
        .contains("GPU peak of " + model + ": 6144 MiB");
    assertThat(io.aloft.graphgrid.peaks.PeakStores.fromSettings(ctx.settings()).of(model))
        .extracting(s -> s.oom() + "@" + s.peakMiB()).containsExactly("true@4096", "false@6144");
    // The container that died was removed before the rerun: the try's labels name one container, the one that won.
    assertThat(theContainer("train_model_gpu").getState().getExitCodeLong()).isZero();
    assertThat(GpuProbes.simulatedGpu(ctx.settings()).allocations()).isEmpty();
    io.aloft.graphgrid.preflight.AdmissionLedger.shared().forget("nlp", run);
  }
}
