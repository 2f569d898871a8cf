package io.aloft.graphgrid.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.plugins.kubernetes.PodRecord;
import io.aloft.sdk.Connection;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.testing.FakeTaskContext;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GraphGridDockerOperator with {@code kubernetes=True}: the pod the planned container becomes (pure), and the pod's
 * life against the fabric8 client's mock API server (CRUD mode; the test plays the kubelet by writing the pod's
 * status and answers the log call), through the kubernetes plugin's KubernetesPodOperator, the cluster named by a
 * {@code kubernetes} connection's inline kubeconfig. No real cluster: what only a real one shows (scheduling onto the
 * pinned node, NVIDIA's device plugin, image pulls) is not checked here.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class GraphGridKubernetesTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final String NS = "ml";
  private static final TaskIdentity ID = new TaskIdentity("nlp", "r1", "train_model_gpu", -1, 1);

  @BeforeEach
  void clean() {
    client.pods().inNamespace(NS).delete();
    server.clearExpectations();
  }

  private static Map<String, Object> gpuArgs(Object... more) {
    Map<String, Object> args = new HashMap<>(Map.of("image", "aloft/nlp-trainer:latest",
        "command", List.of("train", "--model", "named_entity_recognition"),
        "environment", Map.of("ALOFT_MODEL", "named_entity_recognition", "ALOFT_GPU_MEMORY_MIB", "6144"),
        "private_environment", Map.of("GRAPHGRID_TOKEN", "s3cret"),
        "gpu", true, "gpu_label", true, "kubernetes", true, "kubernetes_conn_id", "k8s"));
    for (int i = 0; i < more.length; i += 2) {
      args.put((String) more[i], more[i + 1]);
    }
    return args;
  }

  private static FakeTaskContext context() {
    String kubeconfig = String.join("\n", "apiVersion: v1", "kind: Config", "current-context: mock",
        "clusters:", "- name: mock", "  cluster:", "    server: " + server.url("/").replaceAll("/$", ""),
        "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: u",
        "users:", "- name: u", "  user:", "    token: t", "");
    return new FakeTaskContext(ID)
        .withConnection(new Connection("k8s", "kubernetes", null, null, null, null, null,
            Map.of("kube_config", kubeconfig, "namespace", NS)))
        .withXCom("gpu_preflight_configuration", "gpu_node", "gpu-node-7")
        .withXCom("gpu_preflight_configuration", "gpu_device", 0)
        .withSetting("gpu_node_publish_interval", "1d")
        .withSetting(SessionPeakSampler.INTERVAL_SETTING, "1d");
  }

  @SuppressWarnings("unchecked")
  @Test
  void thePlannedContainerBecomesAPodPinnedToTheReservedNodeWithOneGpu() {
    Map<String, Object> args = gpuArgs("entrypoint", List.of("python", "-m", "aloft_trainer"), "include_credentials",
        false, "mounts", List.of(Map.of("target", "/session", "source", "nlp-session-r1", "type", "volume"),
            Map.of("target", "/data", "source", "/srv/datasets", "type", "bind", "read_only", true)));
    ContainerPlan plan = GraphGridContainers.plan(args, Map.of(), ID);

    Map<String, Object> pod = GraphGridKubernetes.arguments(args, plan.spec(), Map.of(), Optional.of("gpu-node-7"));

    assertThat(pod).containsEntry("image", "aloft/nlp-trainer:latest")
        .containsEntry("cmds", List.of("python", "-m", "aloft_trainer"))
        .containsEntry("arguments", List.of("train", "--model", "named_entity_recognition"))
        .containsEntry("node_selector", Map.of("kubernetes.io/hostname", "gpu-node-7"))
        .containsEntry("container_resources", Map.of("limits", Map.of("nvidia.com/gpu", "1")))
        .containsEntry("kubernetes_conn_id", "k8s").containsEntry("on_finish_action", "delete_pod");
    assertThat((Map<String, Object>) pod.get("env_vars")).as("the Docker container's environment, private values too")
        .containsAllEntriesOf(plan.spec().environment()).containsEntry("GRAPHGRID_TOKEN", "s3cret")
        .containsEntry("ALOFT_TRAINING_DEVICE", "gpu").containsEntry("ALOFT_GPU_MEMORY_MIB", "6144");
    assertThat((Map<String, Object>) pod.get("labels")).containsAllEntriesOf(plan.spec().labels());
    assertThat(pod.get("volumes")).isEqualTo(List.of(
        Map.of("name", "vol-0", "persistentVolumeClaim", Map.of("claimName", "nlp-session-r1")),
        Map.of("name", "vol-1", "hostPath", Map.of("path", "/srv/datasets"))));
    assertThat(pod.get("volume_mounts")).isEqualTo(List.of(Map.of("name", "vol-0", "mountPath", "/session"),
        Map.of("name", "vol-1", "mountPath", "/data", "readOnly", true)));
  }

  @Test
  void theGpuResourceIsASettingAndTheSimulatedGpuAndCpuTrainingAskForNone() {
    Map<String, Object> gpu = gpuArgs();
    Map<String, String> amd = Map.of(GraphGridKubernetes.RESOURCE_SETTING, "amd.com/gpu");
    assertThat(GraphGridKubernetes.arguments(gpu, GraphGridContainers.plan(gpu, amd, ID).spec(), amd, Optional.empty()))
        .containsEntry("container_resources", Map.of("limits", Map.of("amd.com/gpu", "1")))
        .doesNotContainKey("node_selector");
    Map<String, String> simulated = Map.of("gpu", "simulated");
    assertThat(GraphGridKubernetes.arguments(gpu, GraphGridContainers.plan(gpu, simulated, ID).spec(), simulated,
        Optional.of("a"))).doesNotContainKey("container_resources");
    Map<String, Object> cpu = Map.of("image", "aloft/nlp-trainer:latest", "kubernetes", true);
    assertThat(GraphGridKubernetes.arguments(cpu, GraphGridContainers.plan(cpu, Map.of(), ID).spec(), Map.of(),
        Optional.empty())).doesNotContainKey("container_resources").doesNotContainKey("kubernetes_conn_id");
  }

  @Test
  void swarmAndKubernetesTogetherAreRefused() {
    assertThatThrownBy(() -> new GraphGridDockerOperator(gpuArgs("swarm", true)))
        .hasMessageContaining("swarm=True and kubernetes=True");
  }

  private static CompletableFuture<Object> start(GraphGridDockerOperator op, FakeTaskContext ctx) {
    return ctx.executeInBackground(op);
  }

  private static List<Pod> podsOfTheTry() {
    return client.pods().inNamespace(NS).withLabel("task_id", "train_model_gpu").list().getItems();
  }

  private static Pod awaitPod(CompletableFuture<Object> result) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (result.isCompletedExceptionally()) {
        result.get(); // shows why the operator stopped before its pod existed
      }
      List<Pod> pods = podsOfTheTry();
      if (!pods.isEmpty()) {
        return pods.get(0);
      }
      Thread.sleep(25);
    }
    throw new AssertionError("the operator created no pod");
  }

  /** Plays the kubelet: the main container runs and ends with this exit code, after its log is served. */
  private static void runs(Pod pod, String log, int exitCode) {
    server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod.getMetadata().getName()
        + "/log?pretty=false&container=base&follow=true").andReturn(200, log).always();
    client.pods().inNamespace(NS).resource(new PodBuilder(pod).withNewStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(new ContainerStatusBuilder().withName("base").withNewState().withNewTerminated()
            .withExitCode(exitCode).endTerminated().endState().build()).endStatus().build()).updateStatus();
  }

  @Test
  void aGpuTrainingRunsAsAPodOnTheReservedNodeItsLogStreamsAndThePodIsDeleted() throws Exception {
    FakeTaskContext ctx = context();
    CompletableFuture<Object> result = start(new GraphGridDockerOperator(gpuArgs()), ctx);
    Pod pod = awaitPod(result);

    assertThat(pod.getSpec().getNodeSelector()).containsEntry("kubernetes.io/hostname", "gpu-node-7");
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits().get("nvidia.com/gpu").getAmount())
        .isEqualTo("1");
    assertThat(pod.getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getName)
        .contains("ALOFT_TRAINING_DEVICE", "ALOFT_GPU_MEMORY_MIB", "ALOFT_MODEL", "GRAPHGRID_TOKEN");
    assertThat(pod.getSpec().getContainers().get(0).getArgs()).containsExactly("train", "--model",
        "named_entity_recognition");
    assertThat(pod.getMetadata().getLabels()).containsEntry("try_number", "1")
        .containsEntry(GraphGridContainers.GPU_LABEL, "true");
    assertThat(ctx.recordedWork()).map(PodRecord::parse).map(PodRecord::namespace).contains(NS);

    runs(pod, "epoch 1\nepoch 2\n", 0);
    assertThat(result.get(30, TimeUnit.SECONDS)).isNull();
    assertThat(ctx.outputLines()).containsExactly("epoch 1", "epoch 2");
    assertThat(ctx.logText()).contains("pinned to node gpu-node-7").doesNotContain("s3cret");
    assertThat(podsOfTheTry()).as("deleted at the end").isEmpty();
  }

  @Test
  void aGpuOutOfMemoryPodIsRunAgainWithARaisedReservation() throws Exception {
    FakeTaskContext ctx = context();
    CompletableFuture<Object> result = start(new GraphGridDockerOperator(gpuArgs()), ctx);
    Pod first = awaitPod(result);
    runs(first, "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\n", 1);
    Pod second = null;
    for (int i = 0; i < 600 && second == null; i++) {
      second = podsOfTheTry().stream().filter(p -> !p.getMetadata().getName().equals(first.getMetadata().getName()))
          .findFirst().orElse(null);
      Thread.sleep(25);
    }
    assertThat(second).as("a second pod for the retry (%s)", ctx.logText()).isNotNull();
    assertThat(second.getSpec().getContainers().get(0).getEnv()).as("the raised reservation")
        .filteredOn(e -> e.getName().equals("ALOFT_GPU_MEMORY_MIB")).extracting(EnvVar::getValue)
        .hasSize(1).doesNotContain("6144");
    runs(second, "done\n", 0);
    assertThat(result.get(30, TimeUnit.SECONDS)).isNull();
    assertThat(ctx.logText()).contains("GPU out of memory (exit code 1");
  }

  @Test
  void aStoppedTryDeletesItsPod() throws Exception {
    FakeTaskContext ctx = context();
    GraphGridDockerOperator op = new GraphGridDockerOperator(gpuArgs());
    CompletableFuture<Object> result = start(op, ctx);
    awaitPod(result);
    op.onKill(ctx);
    assertThat(podsOfTheTry()).isEmpty();
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause().hasMessageContaining("was deleted");
  }

  @Test
  void aStoppedTrysPodIsDeletedByAFreshOperatorFromWhatTheTryRecorded() throws Exception {
    FakeTaskContext ctx = context();
    CompletableFuture<Object> result = start(new GraphGridDockerOperator(gpuArgs()), ctx);
    awaitPod(result);
    // The runtime's sweeper (or a scheduler after the worker was lost): a fresh operator, the try's recorded work.
    FakeTaskContext sweeper = context();
    sweeper.recordWork(ctx.recordedWork().orElseThrow());
    new GraphGridDockerOperator(gpuArgs("environment", Map.of("ALOFT_GPU_MEMORY_MIB", "{{ ti.xcom_pull() }}")))
        .onKill(sweeper);
    assertThat(podsOfTheTry()).isEmpty();
    assertThat(sweeper.logText()).contains("of the stopped try");
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause().hasMessageContaining("was deleted");
  }

  @Test
  void aResumedTryReattachesToItsPodAndStartsNoSecond() throws Exception {
    // The first process of this try recorded its pod and created it, then died.
    FakeTaskContext first = context();
    Map<String, Object> podArgs = GraphGridKubernetes.arguments(gpuArgs(),
        GraphGridContainers.plan(gpuArgs(), Map.of(), ID).spec(), Map.of(), Optional.of("gpu-node-7"));
    Pod created = client.pods().inNamespace(NS).resource(new io.aloft.plugins.kubernetes.PodArguments(podArgs)
        .pod(ID, "train-model-gpu-abc12345", NS, "alpine")).create();
    FakeTaskContext resumed = first.asResumed();
    resumed.recordWork(new PodRecord("train-model-gpu-abc12345", NS, "k8s", null, null).encode());

    CompletableFuture<Object> result = start(new GraphGridDockerOperator(gpuArgs()), resumed);
    Thread.sleep(300); // a few polls of the pending pod
    assertThat(podsOfTheTry()).hasSize(1);
    runs(created, "still training\n", 0);
    assertThat(result.get(30, TimeUnit.SECONDS)).isNull();
    assertThat(resumed.logText()).contains("re-attaching to pod ml/train-model-gpu-abc12345")
        .doesNotContain("creating pod");
    assertThat(resumed.outputLines()).containsExactly("still training");
    assertThat(podsOfTheTry()).isEmpty();
  }
}
