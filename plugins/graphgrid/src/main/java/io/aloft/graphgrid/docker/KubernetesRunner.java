package io.aloft.graphgrid.docker;

import io.aloft.plugins.docker.ContainerSpec;
import io.aloft.plugins.docker.DockerTaskException;
import io.aloft.plugins.docker.RunOptions;
import io.aloft.plugins.kubernetes.KubernetesPodOperator;
import io.aloft.plugins.kubernetes.PodFailedException;
import io.aloft.sdk.TaskContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one container of a GraphGrid try as a Kubernetes pod ({@code kubernetes=True}) through the kubernetes plugin's
 * {@link KubernetesPodOperator}, with the try's own context: the pod's name and place are recorded with the try, its
 * log streams into the try's log, it is deleted at its end, and a resumed try re-attaches to it. A pod whose main
 * container fails is reported as the Docker runner reports a container's failure ({@link DockerTaskException} with the
 * exit code and last lines), so the GPU out-of-memory rule reads it the same way. There is no container id here (the
 * pod runs on another node), and no XCom, as with Swarm.
 *
 * <p>{@link #run} on the try's thread; {@link #kill} from any thread.
 */
final class KubernetesRunner implements ContainerRunner {

  private final Function<ContainerSpec, Map<String, Object>> toArguments;
  private final Map<String, Object> cluster;
  private volatile KubernetesPodOperator pod;

  /**
   * @param toArguments the pod's arguments for a planned container
   * @param cluster the arguments that name the cluster, for {@link #kill} on a runner that ran nothing
   */
  KubernetesRunner(Function<ContainerSpec, Map<String, Object>> toArguments, Map<String, Object> cluster) {
    this.toArguments = toArguments;
    this.cluster = cluster;
  }

  @Override
  public Object run(TaskContext ctx, ContainerSpec spec, RunOptions options) throws InterruptedException {
    spec.privateEnvironment().values().forEach(ctx::registerSecret);
    KubernetesPodOperator op = new KubernetesPodOperator(toArguments.apply(spec));
    pod = op;
    try {
      return op.execute(ctx);
    } catch (PodFailedException e) {
      throw new DockerTaskException(e.getMessage(), e.exitCode(), e.outputTail());
    } catch (InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new DockerTaskException(e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> containerId() {
    return Optional.empty();
  }

  /**
   * Deletes the pod: the one this runner runs, else (a fresh operator ends a try whose thread is gone) the one the
   * try recorded, in the namespace and cluster it recorded, when its labels name this try.
   */
  @Override
  public void kill(TaskContext ctx) {
    KubernetesPodOperator op = pod;
    (op != null ? op : new KubernetesPodOperator(cluster)).onKill(ctx);
  }

  /** Nothing: the failed pod was deleted at its end ({@code on_finish_action=delete_pod}); a retry makes a new one. */
  @Override
  public void discard(TaskContext ctx) {}
}
