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
}
