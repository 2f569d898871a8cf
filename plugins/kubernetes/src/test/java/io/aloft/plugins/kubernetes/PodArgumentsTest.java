package io.aloft.plugins.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.sdk.TaskIdentity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodArgumentsTest {

  private static final TaskIdentity ID =
      new TaskIdentity("nlp_training", "scheduled__2024-01-01T00:00:00+00:00", "Train_Model", 2, 3);

  @Test
  void podNamesAreDnsSafeWithARandomSuffixUnlessTurnedOff() {
    String name = new PodArguments(Map.of("image", "x")).podName(ID);
    assertThat(name).matches("train-model-[a-z0-9]{8}");
    assertThat(new PodArguments(Map.of("image", "x", "name", "My_Pod!", "random_name_suffix", false)).podName(ID))
        .isEqualTo("my-pod");
    assertThat(new PodArguments(Map.of("image", "x", "name", "a".repeat(80))).podName(ID)).hasSize(63);
  }

  @Test
  void labelsFindThePodAgainAndStayValidLabelValues() {
    Map<String, String> labels = new PodArguments(Map.of("image", "x", "labels", Map.of("team", "nlp"))).labels(ID);
    assertThat(labels).containsEntry("team", "nlp").containsEntry("dag_id", "nlp_training")
        .containsEntry("task_id", "Train_Model").containsEntry("try_number", "3").containsEntry("map_index", "2")
        .containsEntry("kubernetes_pod_operator", "True");
    assertThat(labels.get("run_id")).matches("scheduled__2024-01-01T0000000000-[0-9a-f]{9}").hasSizeLessThan(64);
    assertThat(PodArguments.labelValue("x".repeat(70))).hasSizeLessThanOrEqualTo(63);
    assertThat(PodArguments.labelValue("ok-value")).isEqualTo("ok-value");
  }

  @Test
  void thePodCarriesEveryArgument() {
    Map<String, Object> args = Map.ofEntries(
        Map.entry("image", "python:3.12"),
        Map.entry("cmds", List.of("python", "-c")),
        Map.entry("arguments", "print(1)"),
        Map.entry("env_vars", Map.of("MODE", "fast")),
        Map.entry("container_resources", Map.of("limits", Map.of("nvidia.com/gpu", "1"))),
        Map.entry("volumes", List.of(Map.of("name", "data", "persistentVolumeClaim", Map.of("claimName", "pvc")))),
        Map.entry("volume_mounts", List.of(Map.of("name", "data", "mountPath", "/data"))),
        Map.entry("tolerations", List.of(Map.of("key", "gpu", "operator", "Exists"))),
        Map.entry("node_selector", Map.of("pool", "gpu")),
        Map.entry("image_pull_secrets", "regcred, other"),
        Map.entry("service_account_name", "trainer"),
        Map.entry("annotations", Map.of("note", "x")),
        Map.entry("xcom_sidecar", true),
        Map.entry("active_deadline_seconds", 600));
    Pod pod = new PodArguments(args).pod(ID, "p", "ml", "alpine:3");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("ml");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("note", "x");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "gpu");
    assertThat(pod.getSpec().getTolerations().get(0).getKey()).isEqualTo("gpu");
    assertThat(pod.getSpec().getImagePullSecrets()).extracting("name").containsExactly("regcred", "other");
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("trainer");
    assertThat(pod.getSpec().getVolumes()).extracting("name").containsExactly("data", "xcom");
    assertThat(pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo("pvc");
    Container base = pod.getSpec().getContainers().get(0);
    assertThat(base.getName()).isEqualTo("base");
    assertThat(base.getCommand()).containsExactly("python", "-c");
    assertThat(base.getArgs()).containsExactly("print(1)");
    assertThat(base.getEnv()).singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("fast"));
    assertThat(base.getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("1");
    assertThat(base.getVolumeMounts()).extracting("mountPath").containsExactly("/data", "/airflow/xcom");
    Container sidecar = pod.getSpec().getContainers().get(1);
    assertThat(sidecar.getName()).isEqualTo("airflow-xcom-sidecar");
    assertThat(sidecar.getImage()).isEqualTo("alpine:3");
  }

  @Test
  void aWrongModelOrFinishActionSaysWhich() {
    assertThatThrownBy(() -> new PodArguments(Map.of("image", "x", "tolerations", "gpu")).pod(ID, "p", "n", "a"))
        .hasMessageContaining("tolerations must be a list");
    assertThatThrownBy(() -> new PodArguments(Map.of("image", "x", "on_finish_action", "explode")).finishAction())
        .hasMessageContaining("delete_pod, delete_succeeded_pod, keep_pod");
  }
}
