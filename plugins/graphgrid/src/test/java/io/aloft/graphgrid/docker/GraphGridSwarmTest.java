package io.aloft.graphgrid.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.plugins.docker.SwarmArguments;
import io.aloft.sdk.TaskIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphGridSwarmTest {

  private static final TaskIdentity ID = new TaskIdentity("nlp", "r1", "train_model_gpu", -1, 1);

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(Map<String, Object> args, Map<String, String> settings,
                                             Optional<String> node) {
    ContainerPlan plan = GraphGridContainers.plan(args, settings, ID);
    Map<String, Object> swarmArgs = GraphGridSwarm.arguments(args, plan.spec(), settings, node);
    return SwarmArguments.serviceSpec(swarmArgs, "svc", "aloft/nlp-trainer:latest", plan.spec().labels());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> task(Map<String, Object> spec) {
    return (Map<String, Object>) spec.get("TaskTemplate");
  }

  @Test
  void aGpuSessionIsPlacedOnTheReservedNodeAndAsksForOneGpuResource() {
    Map<String, Object> args = Map.of("image", "aloft/nlp-trainer:latest", "gpu", true, "gpu_label", true,
        "environment", Map.of("ALOFT_MODEL", "named_entity_recognition", "ALOFT_GPU_MEMORY_MIB", "6144"));

    Map<String, Object> task = task(service(args, Map.of(), Optional.of("gpu-b")));

    assertThat(task.get("Placement")).isEqualTo(Map.of("Constraints", List.of("node.hostname == gpu-b")));
    assertThat(task.get("Resources")).isEqualTo(Map.of("Reservations", Map.of("GenericResources",
        List.of(Map.of("DiscreteResourceSpec", Map.of("Kind", "NVIDIA-GPU", "Value", 1L))))));
    @SuppressWarnings("unchecked")
    Map<String, Object> container = (Map<String, Object>) task.get("ContainerSpec");
    assertThat((List<String>) container.get("Env")).contains("ALOFT_TRAINING_DEVICE=gpu", "ALOFT_GPU_MEMORY_MIB=6144");
    assertThat((Map<String, String>) container.get("Labels")).containsEntry(GraphGridContainers.GPU_LABEL, "true")
        .containsEntry(GraphGridContainers.OPERATOR_LABEL, "GraphGridDockerOperator");
  }

  @Test
  void theResourceKindIsASettingAndTheSimulatedGpuAndCpuTrainingAskForNone() {
    Map<String, Object> gpu = Map.of("image", "aloft/nlp-trainer:latest", "gpu", true);
    assertThat(task(service(gpu, Map.of(GraphGridSwarm.RESOURCE_SETTING, "gpu"), Optional.empty())).get("Resources"))
        .isEqualTo(Map.of("Reservations", Map.of("GenericResources",
            List.of(Map.of("DiscreteResourceSpec", Map.of("Kind", "gpu", "Value", 1L))))));
    assertThat(task(service(gpu, Map.of(GraphGridSwarm.RESOURCE_SETTING, "gpu"), Optional.empty())))
        .doesNotContainKey("Placement");

    Map<String, Object> simulated = task(service(gpu, Map.of("gpu", "simulated"), Optional.of("a")));
    assertThat(simulated).doesNotContainKey("Resources");
    assertThat(simulated.get("Placement")).isEqualTo(Map.of("Constraints", List.of("node.hostname == a")));

    Map<String, Object> cpu = Map.of("image", "aloft/nlp-trainer:latest", "mem_limit", "1g");
    assertThat(task(service(cpu, Map.of(), Optional.empty())).get("Resources"))
        .isEqualTo(Map.of("Limits", Map.of("MemoryBytes", 1024L * 1024 * 1024)));
  }
}
