package io.aloft.plugins.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import io.aloft.sdk.TaskLostException;
import io.aloft.sdk.TaskSkipException;
import io.aloft.sdk.testing.FakeTaskContext;
import io.aloft.sdk.testing.ManualClock;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KubernetesPodOperator against the fabric8 client's mock API server (CRUD mode: pods are stored as the API
 * server stores them; the test plays the kubelet by writing the pod's status, and answers the log and exec calls).
 * The operator finds the server through a kubeconfig file, as a user's DAG would ({@code config_file=}).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPodOperatorTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  @TempDir Path dir;
  private Path kubeconfig;

  @BeforeEach
  void kubeconfig() throws Exception {
    client.pods().inNamespace("ml").delete();
    server.clearExpectations();
    String url = server.url("/").replaceAll("/$", "");
    kubeconfig = Files.writeString(dir.resolve("config"), String.join("\n",
        "apiVersion: v1", "kind: Config", "current-context: mock",
        "clusters:", "- name: mock", "  cluster:", "    server: " + url,
        "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: tester", "    namespace: ml",
        "users:", "- name: tester", "  user:", "    token: not-a-secret", ""));
  }

  private Map<String, Object> args(Object... more) {
    Map<String, Object> args = new HashMap<>(Map.of("image", "busybox", "cmds", List.of("sh", "-c", "echo hi"),
        "name", "train", "random_name_suffix", false, "config_file", kubeconfig.toString(), "poll_interval", 0.05));
    for (int i = 0; i < more.length; i += 2) {
      args.put((String) more[i], more[i + 1]);
    }
    return args;
  }

  private static FakeTaskContext context() {
    return new FakeTaskContext(new TaskIdentity("d", "manual__1", "train", -1, 1));
  }

  private static CompletableFuture<Object> start(KubernetesPodOperator op, FakeTaskContext ctx) {
    return ctx.executeInBackground(op);
  }

  private static Pod awaitPod(String name, CompletableFuture<Object> result) throws Exception {
    for (int i = 0; i < 400; i++) {
      if (result.isCompletedExceptionally()) {
        result.get(); // shows why the operator stopped before its pod existed
      }
      Pod pod = client.pods().inNamespace("ml").withName(name).get();
      if (pod != null) {
        return pod;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("the operator created no pod " + name);
  }

  /** Plays the kubelet: the main container runs, then ends with this exit code. */
  private static void kubelet(Pod pod, Integer exitCode) {
    Pod running = new PodBuilder(pod).withNewStatus().withPhase("Running")
        .withContainerStatuses(new ContainerStatusBuilder().withName("base").withNewState().withNewRunning()
            .endRunning().endState().build())
        .endStatus().build();
    client.pods().inNamespace("ml").resource(running).updateStatus();
    if (exitCode != null) {
      Pod ended = new PodBuilder(pod).withNewStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
          .withContainerStatuses(new ContainerStatusBuilder().withName("base").withNewState().withNewTerminated()
              .withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState()
              .build())
          .endStatus().build();
      client.pods().inNamespace("ml").resource(ended).updateStatus();
    }
  }

  private static void logs(String podName, String text) {
    server.expect().get().withPath("/api/v1/namespaces/ml/pods/" + podName + "/log?pretty=false&container=base&follow=true")
        .andReturn(200, text).always();
  }

  @Test
  void aPodRunsItsOutputReachesTheLogAndThePodIsDeleted() throws Exception {
    logs("train", "epoch 1\nepoch 2\n");
    FakeTaskContext ctx = context();
    CompletableFuture<Object> result = start(new KubernetesPodOperator(args("env_vars", Map.of("MODE", "fast"))), ctx);
    Pod pod = awaitPod("train", result);
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox");
    assertThat(pod.getMetadata().getLabels()).containsEntry("dag_id", "d").containsEntry("try_number", "1");
    assertThat(ctx.recordedWork()).as("the pod's name and place are recorded before it is created")
        .map(PodRecord::parse).contains(new PodRecord("train", "ml", null, kubeconfig.toString(), null));
    kubelet(pod, 0);
    assertThat(result.get(30, TimeUnit.SECONDS)).isNull();
    assertThat(ctx.outputLines()).containsExactly("epoch 1", "epoch 2");
    assertThat(ctx.logText()).contains("creating pod ml/train with image busybox", "deleted pod ml/train");
    assertThat(client.pods().inNamespace("ml").withName("train").get()).isNull();
  }

  @Test
  void aFailedContainerFailsTheTryAndKeepPodKeepsIt() throws Exception {
    logs("train", "Traceback: boom\n");
    FakeTaskContext ctx = context();
    CompletableFuture<Object> result = start(new KubernetesPodOperator(args("on_finish_action", "keep_pod")), ctx);
    kubelet(awaitPod("train", result), 3);
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause()
        .hasMessageContaining("Pod ml/train returned a failure: container base exited with code 3 (Error)");
    assertThat(ctx.outputLines()).contains("Traceback: boom");
    assertThat(client.pods().inNamespace("ml").withName("train").get()).as("kept").isNotNull();
    client.pods().inNamespace("ml").withName("train").delete();
  }

  @Test
  void skipOnExitCodeSkips() throws Exception {
    logs("train", "");
    CompletableFuture<Object> result = start(new KubernetesPodOperator(args("skip_on_exit_code", 99)), context());
    kubelet(awaitPod("train", result), 99);
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TaskSkipException.class);
  }

  @Test
  void aResumedTryReattachesToItsPodInsteadOfCreatingAnother() throws Exception {
    logs("train", "still training\n");
    // The first process of this try recorded the pod's name and created it, then the daemon died.
    Map<String, Object> args = args();
    Pod created = client.pods().inNamespace("ml").resource(new PodArguments(args)
        .pod(context().identity(), "train", "ml", "alpine")).create();
    FakeTaskContext resumed = context().asResumed();
    resumed.recordWork("train");
    CompletableFuture<Object> after = start(new KubernetesPodOperator(args), resumed);
    kubelet(created, 0);
    assertThat(after.get(30, TimeUnit.SECONDS)).isNull();
    assertThat(resumed.logText()).contains("re-attaching to pod ml/train").doesNotContain("creating pod");
    assertThat(resumed.outputLines()).containsExactly("still training");
    assertThat(client.pods().inNamespace("ml").withName("train").get()).as("deleted at the end").isNull();
  }

  @Test
  void aResumedTryWhosePodIsGoneIsLost() {
    FakeTaskContext resumed = context().asResumed();
    resumed.recordWork("train");
    assertThatThrownBy(() -> new KubernetesPodOperator(args()).execute(resumed))
        .isInstanceOf(TaskLostException.class).hasMessageContaining("ml/train").hasMessageContaining("gone");
  }

  @Test
  void aPodThatNeverStartsFailsAfterTheStartupTimeoutWithTheReason() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    FakeTaskContext ctx = context().withClock(clock);
    CompletableFuture<Object> result = start(new KubernetesPodOperator(args("startup_timeout_seconds", 60)), ctx);
    Pod pod = awaitPod("train", result);
    client.pods().inNamespace("ml").resource(new PodBuilder(pod).withNewStatus().withPhase("Pending")
        .withContainerStatuses(new ContainerStatusBuilder().withName("base").withNewState().withNewWaiting()
            .withReason("ImagePullBackOff").withMessage("Back-off pulling image busybox").endWaiting().endState()
            .build()).endStatus().build()).updateStatus();
    Thread.sleep(300); // a few polls see the waiting container before the deadline passes
    assertThat(result).isNotDone();
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TaskFailException.class)
        .hasMessageContaining("did not start within 60 s").hasMessageContaining("ImagePullBackOff");
    assertThat(client.pods().inNamespace("ml").withName("train").get()).as("deleted").isNull();
  }

  @Test
  void doXcomPushReadsReturnJsonThroughTheSidecar() throws Exception {
    logs("train", "");
    server.expect().get().withPath("/api/v1/namespaces/ml/pods/train/exec?command=cat&command=%2Fairflow%2Fxcom%2Freturn.json"
            + "&container=airflow-xcom-sidecar&stdout=true")
        .andUpgradeToWebSocket().open(new OutputStreamMessage("{\"f1\": 0.91, \"model\": \"ner\"}"), new StatusMessage(0))
        .done().once();
    server.expect().get().withPath("/api/v1/namespaces/ml/pods/train/exec?command=sh&command=-c"
            + "&command=kill%20-s%20SIGINT%201&container=airflow-xcom-sidecar&stdout=true")
        .andUpgradeToWebSocket().open(new StatusMessage(0)).done().once();
    FakeTaskContext ctx = context().withSetting("kubernetes_xcom_sidecar_image", "aloft/busybox");
    CompletableFuture<Object> result = start(new KubernetesPodOperator(args("xcom_sidecar", true)), ctx);
    Pod pod = awaitPod("train", result);
    assertThat(pod.getSpec().getContainers()).extracting("name").containsExactly("base", "airflow-xcom-sidecar");
    assertThat(pod.getSpec().getContainers().get(1).getImage()).isEqualTo("aloft/busybox");
    kubelet(pod, 0);
    assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(Map.of("f1", 0.91, "model", "ner"));
  }

  @Test
  void anUnreachableApiServerIsNamedInTheFailure() throws Exception {
    Path nowhere = Files.writeString(dir.resolve("nowhere"), Files.readString(kubeconfig)
        .replaceAll("server: .*", "server: http://127.0.0.1:9"));
    assertThatThrownBy(() -> new KubernetesPodOperator(args("config_file", nowhere.toString())).execute(context()))
        .hasMessageStartingWith("Kubernetes API http://127.0.0.1:9/ for pod ml/train:")
        .hasMessageContaining("is the cluster reachable?");
  }

  /**
   * Issue 16: the sweeper (or a restart that ends the try) stops a left pod through a fresh operator built from the
   * task's unrendered arguments; a templated namespace and kubeconfig path name nothing there, so the pod is found
   * through what the try recorded.
   */
  @Test
  void aTryEndedWithoutItsThreadDeletesItsPodInTheNamespaceAndClusterItRendered() throws Exception {
    FakeTaskContext ctx = context();
    CompletableFuture<Object> result = start(new KubernetesPodOperator(args("namespace", "ml")), ctx);
    awaitPod("train", result);
    FakeTaskContext sweeper = context();
    sweeper.recordWork(ctx.recordedWork().orElseThrow());
    new KubernetesPodOperator(args("namespace", "{{ var.value.k8s_namespace }}",
        "config_file", "{{ var.value.kubeconfig }}")).onKill(sweeper);
    assertThat(client.pods().inNamespace("ml").withName("train").get()).as("deleted by the sweeper").isNull();
    assertThat(sweeper.logText()).contains("deleted pod ml/train of the stopped try");
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause().hasMessageContaining("was deleted");
  }

  @Test
  void aLeftPodIsDeletedOnlyWhenItsLabelsNameTheTry() throws Exception {
    client.pods().inNamespace("ml").resource(new PodArguments(args())
        .pod(new TaskIdentity("d", "manual__1", "train", -1, 2), "train", "ml", "alpine")).create();
    FakeTaskContext sweeper = context(); // try 1, whose pod of the same name is long gone
    sweeper.recordWork(new PodRecord("train", "ml", null, kubeconfig.toString(), null).encode());
    new KubernetesPodOperator(args()).onKill(sweeper);
    assertThat(client.pods().inNamespace("ml").withName("train").get()).as("try 2's pod kept").isNotNull();
    assertThat(sweeper.logText()).contains("not deleting pod ml/train: its labels name another try (try_number=2)");
  }

  @Test
  void anOlderBareRecordWithATemplatedNamespaceSaysHowToDeleteThePodByHand() {
    FakeTaskContext sweeper = context();
    sweeper.recordWork("train");
    new KubernetesPodOperator(args("namespace", "{{ var.value.k8s_namespace }}")).onKill(sweeper);
    assertThat(sweeper.logText()).contains("its namespace is a template").contains("kubectl delete pod train");
  }

  @Test
  void aFailedContainerCarriesItsExitCodeAndLastOutput() throws Exception {
    logs("train", "loading\nCUDA out of memory\n");
    CompletableFuture<Object> result = start(new KubernetesPodOperator(args()), context());
    kubelet(awaitPod("train", result), 1);
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(PodFailedException.class,
        e -> {
          assertThat(e.exitCode()).isEqualTo(1);
          assertThat(e.outputTail()).containsExactly("loading", "CUDA out of memory");
        });
  }

  @Test
  void aStoppedTryDeletesItsPod() throws Exception {
    FakeTaskContext ctx = context();
    KubernetesPodOperator op = new KubernetesPodOperator(args());
    CompletableFuture<Object> result = start(op, ctx);
    awaitPod("train", result);
    op.onKill(ctx);
    assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).cause().hasMessageContaining("was deleted");
  }
}
