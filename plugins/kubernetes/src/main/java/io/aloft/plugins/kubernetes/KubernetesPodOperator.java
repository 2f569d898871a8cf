package io.aloft.plugins.kubernetes;

import io.aloft.sdk.ResumableOperator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskLostException;
import io.aloft.sdk.TaskSkipException;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cncf.kubernetes provider's {@code KubernetesPodOperator}: runs the task as a pod (main container {@code base})
 * on a Kubernetes cluster, streams the container's output into the try's log, ends with its exit code, and deletes
 * the pod as {@code on_finish_action} says. One instance per try. Resumable: the pod's name is recorded before it is
 * created, so a try picked up after a daemon restart re-attaches to its pod instead of creating a second one.
 *
 * <p>With {@code do_xcom_push=True} the pod gets Airflow's XCom sidecar; the value the main container wrote to
 * {@code /airflow/xcom/return.json} is read through {@code exec} and becomes the task's return value.
 *
 * <p>Other plugins run their pods through it (a PF4J dependency on this plugin): GraphGrid's training with
 * {@code kubernetes=True} builds this operator's arguments and calls {@link #execute} and {@link #onKill} with its
 * own try's context; a failed main container throws {@link PodFailedException} with its exit code and last output.
 */
public final class KubernetesPodOperator implements ResumableOperator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Lines of the main container's output kept for {@link PodFailedException#outputTail}. */
  private static final int TAIL_LINES = 100;

  private final Map<String, Object> arguments;
  private volatile KubernetesClient client;
  private volatile String namespace;
  private volatile String podName;
  private volatile String master;
  private final Deque<String> tail = new ArrayDeque<>();

  public KubernetesPodOperator(Map<String, Object> arguments) {
    this.arguments = arguments;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    try {
      return inPluginLoader(() -> executeHere(context));
    } catch (KubernetesClientException e) {
      throw new RuntimeException(describe(e), e);
    }
  }

  /**
   * Runs work with the plugin's class loader as the context loader: the client and Jackson find model classes and
   * HTTP clients through it (the daemon's loader has none; a loader with other copies breaks them).
   */
  private static <T> T inPluginLoader(java.util.concurrent.Callable<T> work) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(KubernetesPodOperator.class.getClassLoader());
    try {
      return work.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The client's own message is often just "An error has occurred."; say which server and what went wrong. */
  private String describe(KubernetesClientException e) {
    StringBuilder what = new StringBuilder(e.getMessage());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      what.append(" <- ").append(c.getClass().getSimpleName()).append(c.getMessage() == null ? "" : ": " + c.getMessage());
    }
    return "Kubernetes API " + (master == null ? "" : master + " ") + "for pod " + namespace + "/" + podName + ": "
        + what + (e.getCode() <= 0 ? "; is the cluster reachable? Set config_file, cluster_context or a "
        + "kubernetes_conn_id connection (see the kubernetes plugin's README)" : "");
  }

  private Object executeHere(TaskContext context) throws Exception {
    PodArguments args = new PodArguments(arguments);
    PodArguments.FinishAction finish = args.finishAction();
    Optional<PodRecord> recorded = context.resumed() ? context.recordedWork().map(PodRecord::parse) : Optional.empty();
    // A resumed try goes back to where it created its pod, whatever its templates render to now.
    ClusterTarget target = recorded.isPresent()
        ? recorded.get().target(arguments, context) : ClusterTarget.of(args, context);
    namespace = target.namespace();
    master = target.config().getMasterUrl();
    try (KubernetesClient k = target.client()) {
      client = k;
      if (recorded.isPresent()) {
        podName = recorded.get().pod();
        if (pod(k) == null) {
          throw new TaskLostException("the pod " + namespace + "/" + podName + " that this try created is gone "
              + "(deleted while the daemon was down): the try is lost and runs again under a new try number");
        }
        if (!args.reattachOnRestart()) {
          k.pods().inNamespace(namespace).withName(podName).delete();
          throw new TaskLostException("reattach_on_restart=False: deleted the pod " + namespace + "/" + podName
              + " of the interrupted try; the task runs again under a new try number");
        }
        context.log().info("re-attaching to pod " + namespace + "/" + podName
            + " (this try created it before the daemon restarted)");
      } else {
        podName = args.podName(context.identity());
        Pod spec = args.pod(context.identity(), podName, namespace,
            context.settings().getOrDefault(KubernetesProvider.XCOM_SIDECAR_IMAGE.name(),
                KubernetesProvider.XCOM_SIDECAR_IMAGE.defaultValue()));
        // Recorded with its rendered place before it exists: a cleanup from the task's unrendered arguments finds it.
        context.recordWork(PodRecord.of(podName, namespace, args).encode());
        context.log().info("creating pod " + namespace + "/" + podName + " with image " + args.image());
        k.pods().inNamespace(namespace).resource(spec).create();
      }
      boolean succeeded = false;
      try {
        Object result = run(k, args, context);
        succeeded = true;
        return result;
      } finally {
        finish(k, finish, succeeded, context);
      }
    } finally {
      client = null;
    }
  }

  private Object run(KubernetesClient k, PodArguments args, TaskContext context) throws Exception {
    ContainerStateTerminated end = awaitBaseEnd(k, args, context);
    int exit = end.getExitCode() == null ? -1 : end.getExitCode();
    if (exit != 0) {
      if (args.skipOnExitCodes().contains(exit)) {
        throw new TaskSkipException("container base of pod " + podName + " exited with " + exit
            + ", which skip_on_exit_code skips");
      }
      List<String> last;
      synchronized (tail) {
        last = new ArrayList<>(tail);
      }
      throw new PodFailedException("Pod " + namespace + "/" + podName + " returned a failure: container base exited "
          + "with code " + exit + reason(end), exit, last);
    }
    context.log().info("pod " + namespace + "/" + podName + ": container base exited with code 0");
    return args.xcomSidecar() ? readXCom(k, context) : null;
  }

  /** Polls the pod until its main container has ended, following its output once it runs. */
  private ContainerStateTerminated awaitBaseEnd(KubernetesClient k, PodArguments args, TaskContext context)
      throws InterruptedException {
    Instant startBy = context.clock().instant().plusSeconds(args.startupTimeoutSeconds());
    Thread logs = null;
    LogWatch watch = null;
    try {
      while (true) {
        Pod pod = pod(k);
        if (pod == null) {
          throw new RuntimeException("the pod " + namespace + "/" + podName + " was deleted while the task ran");
        }
        ContainerState state = baseState(pod);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean started = state != null && (state.getRunning() != null || state.getTerminated() != null);
        if (started && args.getLogs() && watch == null) {
          watch = resource(k).inContainer(PodArguments.BASE_CONTAINER).watchLog();
          logs = follow(watch, context, tail);
        }
        if (state != null && state.getTerminated() != null) {
          awaitLogs(logs);
          return state.getTerminated();
        }
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
          awaitLogs(logs);
          ContainerStateTerminated none = new ContainerStateTerminated();
          none.setExitCode("Succeeded".equals(phase) ? 0 : -1);
          none.setReason(pod.getStatus().getReason());
          none.setMessage(pod.getStatus().getMessage());
          return none;
        }
        if (!started && context.clock().instant().isAfter(startBy)) {
          throw new TaskFailException("Pod " + namespace + "/" + podName + " did not start within "
              + args.startupTimeoutSeconds() + " s (startup_timeout_seconds)" + waiting(state));
        }
        context.heartbeat();
        Thread.sleep(args.pollIntervalMillis());
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  private static Thread follow(LogWatch watch, TaskContext context, Deque<String> tail) {
    return Thread.ofVirtual().name("pod-log").start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          context.log().output(line);
          synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
              tail.removeFirst();
            }
            tail.addLast(line);
          }
        }
      } catch (IOException e) {
        context.log().warn("the pod's log stream ended early: " + e.getMessage());
      }
    });
  }

  /** The end of the log stream comes shortly after the container's; give it a moment so no last line is lost. */
  private static void awaitLogs(Thread logs) throws InterruptedException {
    if (logs != null) {
      logs.join(Duration.ofSeconds(10));
    }
  }

  private Object readXCom(KubernetesClient k, TaskContext context) throws Exception {
    String path = PodArguments.XCOM_DIR + "/return.json";
    String text = exec(k, "cat", path).strip();
    try {
      exec(k, "sh", "-c", "kill -s SIGINT 1");
    } catch (RuntimeException e) {
      context.log().warn("could not stop the XCom sidecar of pod " + podName + ": " + e.getMessage());
    }
    if (text.isEmpty()) {
      throw new RuntimeException("do_xcom_push=True but the container wrote nothing to " + path);
    }
    try {
      return JSON.readValue(text, Object.class);
    } catch (RuntimeException e) {
      throw new RuntimeException("do_xcom_push=True but " + path + " is not JSON: " + text, e);
    }
  }

  private String exec(KubernetesClient k, String... command) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ExecWatch w = resource(k).inContainer(PodArguments.XCOM_SIDECAR).writingOutput(out).exec(command)) {
      Integer code = w.exitCode().get(60, TimeUnit.SECONDS);
      if (code != null && code != 0) {
        throw new RuntimeException("`" + String.join(" ", command) + "` in the XCom sidecar of pod " + podName
            + " exited with " + code);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private void finish(KubernetesClient k, PodArguments.FinishAction action, boolean succeeded, TaskContext context) {
    boolean delete = action == PodArguments.FinishAction.DELETE_POD
        || (action == PodArguments.FinishAction.DELETE_SUCCEEDED_POD && succeeded);
    if (!delete) {
      context.log().info("keeping pod " + namespace + "/" + podName + " (on_finish_action)");
      return;
    }
    try {
      resource(k).delete();
      context.log().info("deleted pod " + namespace + "/" + podName);
    } catch (KubernetesClientException e) {
      context.log().warn("could not delete pod " + namespace + "/" + podName + ": " + e.getMessage());
    }
  }

  /**
   * Deletes the try's pod. On the operator that runs the try, that is the pod it created or re-attached to. On a
   * fresh operator (the runtime ends a try whose thread is gone: its sweeper, a restart, a lost worker) nothing ran
   * here, and its arguments are the task's unrendered ones: the pod is the one the try recorded ({@link PodRecord},
   * in the namespace and cluster the try rendered), deleted only when its labels name this very try. A try that
   * recorded no pod asks the cluster nothing.
   */
  @Override
  public void onKill(TaskContext context) {
    KubernetesClient k = client;
    if (k != null && podName != null) {
      try {
        inPluginLoader(() -> resource(k).delete());
        context.log().info("deleted pod " + namespace + "/" + podName + " of the stopped try");
      } catch (Exception e) {
        context.log().warn("could not delete pod " + namespace + "/" + podName + ": " + e.getMessage());
      }
      return;
    }
    Optional<String> recorded = context.recordedWork();
    if (recorded.isEmpty()) {
      return;
    }
    try {
      inPluginLoader(() -> {
        deleteRecorded(PodRecord.parse(recorded.get()), context);
        return null;
      });
    } catch (Exception e) {
      context.log().warn("could not delete the pod of the stopped try (" + recorded.get() + "): " + e.getMessage());
    }
  }

  private void deleteRecorded(PodRecord recorded, TaskContext context) {
    ClusterTarget target = recorded.target(arguments, context);
    String where = target.namespace() + "/" + recorded.pod();
    try (KubernetesClient k = target.client()) {
      PodResource pod = k.pods().inNamespace(target.namespace()).withName(recorded.pod());
      Pod found = pod.get();
      if (found == null) {
        context.log().info("pod " + where + " of the stopped try is gone already");
        return;
      }
      Map<String, String> labels = found.getMetadata().getLabels() == null ? Map.of() : found.getMetadata().getLabels();
      Map<String, String> mine = new PodArguments(Map.of()).labels(context.identity());
      for (String key : List.of("dag_id", "run_id", "task_id", "try_number")) {
        if (!mine.get(key).equals(labels.get(key))) {
          // A pod of the same name made by another try (random_name_suffix=False): not this try's to delete.
          context.log().warn("not deleting pod " + where + ": its labels name another try (" + key + "="
              + labels.get(key) + ")");
          return;
        }
      }
      pod.delete();
      context.log().info("deleted pod " + where + " of the stopped try");
    }
  }

  private PodResource resource(KubernetesClient k) {
    return k.pods().inNamespace(namespace).withName(podName);
  }

  private Pod pod(KubernetesClient k) {
    return resource(k).get();
  }

  private static ContainerState baseState(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> PodArguments.BASE_CONTAINER.equals(s.getName()))
        .map(ContainerStatus::getState).findFirst().orElse(null);
  }

  private static String reason(ContainerStateTerminated end) {
    String r = end.getReason() == null ? "" : " (" + end.getReason()
        + (end.getMessage() == null ? "" : ": " + end.getMessage()) + ")";
    return r;
  }

  private static String waiting(ContainerState state) {
    if (state == null || state.getWaiting() == null) {
      return "";
    }
    return "; container base is waiting: " + state.getWaiting().getReason()
        + (state.getWaiting().getMessage() == null ? "" : " (" + state.getWaiting().getMessage() + ")");
  }
}
