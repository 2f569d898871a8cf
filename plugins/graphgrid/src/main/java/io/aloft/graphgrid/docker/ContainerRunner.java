package io.aloft.graphgrid.docker;

import com.github.dockerjava.api.DockerClient;
import io.aloft.plugins.docker.ContainerSpec;
import io.aloft.plugins.docker.DockerClients;
import io.aloft.plugins.docker.DockerEndpoint;
import io.aloft.plugins.docker.DockerTaskRunner;
import io.aloft.plugins.docker.RunOptions;
import io.aloft.plugins.docker.SwarmArguments;
import io.aloft.plugins.docker.SwarmTaskRunner;
import io.aloft.sdk.TaskContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one container of a GraphGrid try: the docker plugin's {@link DockerTaskRunner} in production (or its
 * {@link SwarmTaskRunner} with {@code swarm=True}: the container as a one-replica service), a fake in unit tests of the out-of-memory retry. One instance per container: a retry after a GPU out-of-memory death gets a fresh
 * one. {@link #run} on the try's thread; {@link #kill} and {@link #containerId} from any thread.
 */
interface ContainerRunner {

  /**
   * Runs the container to its end and returns its XCom value.
   *
   * @throws io.aloft.plugins.docker.DockerTaskException when it fails; one that ran to an exit carries the exit code
   *     and the last lines of its output
   */
  Object run(TaskContext ctx, ContainerSpec spec, RunOptions options) throws InterruptedException;

  /** The container's id once it exists (for the GPU probe's per-container readings). */
  Optional<String> containerId();

  /** Stops the container from another thread. */
  void kill(TaskContext ctx);

  /**
   * Removes the exited container before a retry under the same try: the runner re-attaches to a container with this
   * try's labels, and must find the new one, not the one that died.
   */
  void discard(TaskContext ctx);

  /** The docker plugin's runner on {@code endpoint}. */
  static ContainerRunner docker(DockerEndpoint endpoint) {
    return docker(DockerClients.get(endpoint), endpoint);
  }

  /** The docker plugin's runner over {@code docker} (a stand-in engine in unit tests). */
  static ContainerRunner docker(DockerClient docker, DockerEndpoint endpoint) {
    DockerTaskRunner runner = new DockerTaskRunner(docker, endpoint);
    return new ContainerRunner() {
      @Override
      public Object run(TaskContext ctx, ContainerSpec spec, RunOptions options) throws InterruptedException {
        return runner.run(ctx, spec, options);
      }

      @Override
      public Optional<String> containerId() {
        return runner.containerId();
      }

      @Override
      public void kill(TaskContext ctx) {
        runner.kill(ctx);
      }

      @Override
      public void discard(TaskContext ctx) {
        runner.containerId().ifPresent(id -> {
          try {
            docker.removeContainerCmd(id).withForce(true).exec();
          } catch (RuntimeException e) {
            // Gone already (auto_remove) or the engine refuses: the retry's runner stops what still runs.
            ctx.log().warn("could not remove the out-of-memory container " + id.substring(0, Math.min(12, id.length()))
                + " before the retry: " + e.getMessage());
          }
        });
      }
    };
  }

  /**
   * The docker plugin's Swarm runner over {@code docker} (a swarm manager): each {@link #run} turns the planned
   * container into the service's arguments with {@code toArguments} and runs the service to its end. There is no
   * container id here (the service's container may be on another node), so the GPU probe of this process does not
   * sample it; the runner returns no XCom, as Airflow's DockerSwarmOperator.
   */
  static ContainerRunner swarm(DockerClient docker, DockerEndpoint endpoint,
                               Function<ContainerSpec, Map<String, Object>> toArguments) {
    SwarmTaskRunner runner = new SwarmTaskRunner(docker, endpoint);
    return new ContainerRunner() {
      @Override
      public Object run(TaskContext ctx, ContainerSpec spec, RunOptions options) throws InterruptedException {
        Map<String, Object> args = toArguments.apply(spec);
        return runner.run(ctx, args, SwarmArguments.options(args));
      }

      @Override
      public Optional<String> containerId() {
        return Optional.empty();
      }

      @Override
      public void kill(TaskContext ctx) {
        runner.kill(ctx);
      }

      @Override
      public void discard(TaskContext ctx) {
        runner.serviceId().ifPresent(id -> {
          try {
            docker.removeServiceCmd(id).exec();
          } catch (RuntimeException e) {
            ctx.log().warn("could not remove the out-of-memory service " + id.substring(0, Math.min(12, id.length()))
                + " before the retry: " + e.getMessage());
          }
        });
      }
    };
  }
}
