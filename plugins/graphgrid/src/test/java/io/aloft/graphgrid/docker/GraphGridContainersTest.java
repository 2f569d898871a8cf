package io.aloft.graphgrid.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Mount;
import io.aloft.sdk.TaskIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphGridContainersTest {

  private static final TaskIdentity ID = new TaskIdentity("nlp", "run-1", "train_model_gpu", -1, 1);

  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", "aloft/nlp-trainer:latest");
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void gpuAddsADeviceRequestForEveryGpuAndTheLabel() {
    ContainerPlan plan = GraphGridContainers.plan(args("gpu", true, "gpu_label", true), Map.of(), ID);

    DeviceRequest request = plan.spec().deviceRequests().getFirst();
    assertThat(request.getCount()).isEqualTo(-1);
    assertThat(request.getCapabilities()).isEqualTo(List.of(List.of("gpu")));
    assertThat(plan.spec().labels()).containsEntry("gpu.container", "true");
    assertThat(plan.spec().environment()).containsEntry("ALOFT_TRAINING_DEVICE", "gpu");
    assertThat(plan.simulatedGpuMiB()).isEmpty();
  }

  @Test
  void aPlacedSessionIsPinnedToItsDevice() {
    ContainerPlan plan = GraphGridContainers.plan(args("gpu", true), Map.of(), ID, java.util.OptionalInt.of(1));

    DeviceRequest request = plan.spec().deviceRequests().getFirst();
    assertThat(request.getDeviceIds()).containsExactly("1");
    assertThat(request.getCount()).isNull();
    assertThat(plan.notes()).anyMatch(n -> n.contains("pinned to GPU 1"));
  }

  @Test
  void gpuIsTemplatedSoAStringFlagCounts() {
    assertThat(GraphGridContainers.plan(args("gpu", "True"), Map.of(), ID).spec().deviceRequests()).hasSize(1);
    assertThat(GraphGridContainers.plan(args("gpu", "False"), Map.of(), ID).spec().deviceRequests()).isEmpty();
    assertThatThrownBy(() -> GraphGridContainers.plan(args("gpu", "maybe"), Map.of(), ID))
        .hasMessageContaining("gpu must be True or False");
  }

  @Test
  void theGpuLabelNeedsGpuAndNoGpuMeansNoRequest() {
    ContainerPlan plan = GraphGridContainers.plan(args("gpu_label", true, "gpu_healthcheck", true), Map.of(), ID);
    assertThat(plan.spec().labels()).doesNotContainKey("gpu.container");
    assertThat(plan.spec().deviceRequests()).isEmpty();
    assertThat(plan.spec().healthcheck()).isNull();
  }

  @Test
  void labelsAreMergedNeverDropped() {
    ContainerPlan plan = GraphGridContainers.plan(
        args("labels", Map.of("team", "nlp", "gpu.container", "false"), "gpu", true, "gpu_label", true), Map.of(), ID);
    assertThat(plan.spec().labels())
        .containsEntry("team", "nlp")
        .containsEntry("gpu.container", "true")
        .containsEntry(GraphGridContainers.OPERATOR_LABEL, "GraphGridDockerOperator");
  }

  @Test
  void healthcheckWaitsForTheTrainersReadyFileAndItsGpuProcess() {
    ContainerPlan plan = GraphGridContainers.plan(args("gpu", true, "gpu_healthcheck", true), Map.of(), ID);
    List<String> test = plan.spec().healthcheck().getTest();
    assertThat(test.getFirst()).isEqualTo("CMD-SHELL");
    assertThat(test.get(1)).contains("test -f /tmp/aloft-training-ready").contains("nvidia-smi --query-compute-apps");
  }

  @Test
  void simulatedModeRunsWithoutTheDeviceRequestAndHoldsTheDeclaredMemory() {
    Map<String, String> settings = Map.of("gpu", "simulated", "gpu_simulated", "1x16384");
    ContainerPlan plan = GraphGridContainers.plan(
        args("gpu", true, "gpu_healthcheck", true, "environment", Map.of("ALOFT_GPU_MEMORY_MIB", "5000")), settings, ID);

    assertThat(plan.spec().deviceRequests()).isEmpty();
    assertThat(plan.simulatedGpuMiB()).hasValue(5000);
    assertThat(plan.spec().environment()).containsEntry("ALOFT_TRAINING_DEVICE", "simulated-gpu");
    assertThat(plan.spec().healthcheck().getTest().get(1)).isEqualTo("test -f /tmp/aloft-training-ready");
    assertThat(plan.notes()).anyMatch(n -> n.contains("without a GPU device request"));
  }

  @Test
  void withoutDeclaredMemoryTheModelsEstimateIsUsed() {
    Map<String, String> settings = Map.of("gpu", "simulated");
    ContainerPlan plan = GraphGridContainers.plan(
        args("gpu", true, "environment", Map.of("ALOFT_MODEL", "part_of_speech_tagging")), settings, ID);
    assertThat(plan.simulatedGpuMiB()).hasValue(4096);
  }

  @Test
  void credentialsAreMountedReadOnlyAndTheirPlaceIsInTheEnvironment() {
    Map<String, String> settings = Map.of("graphgrid_credentials_dir", "/srv/graphgrid/creds");
    ContainerPlan plan = GraphGridContainers.plan(args("include_credentials", true), settings, ID);

    Mount mount = plan.spec().mounts().getLast();
    assertThat(mount.getSource()).isEqualTo("/srv/graphgrid/creds");
    assertThat(mount.getTarget()).isEqualTo(GraphGridContainers.DEFAULT_CREDENTIALS_TARGET);
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(plan.spec().environment())
        .containsEntry(GraphGridContainers.CREDENTIALS_ENV, GraphGridContainers.DEFAULT_CREDENTIALS_TARGET);
  }

  @Test
  void graphGridMountsArriveAsRenderedMountDicts() {
    ContainerPlan plan = GraphGridContainers.plan(
        args("mounts", List.of(Map.of("target", "/session", "source", "nlp-manual__2026", "type", "volume"))),
        Map.of(), ID);
    assertThat(plan.spec().mounts().getFirst().getSource()).isEqualTo("nlp-manual__2026");
  }
}
