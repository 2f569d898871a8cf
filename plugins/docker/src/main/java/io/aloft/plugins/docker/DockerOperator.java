package io.aloft.plugins.docker;

import io.aloft.sdk.ResumableOperator;
import io.aloft.sdk.TaskContext;
import java.util.List;
import java.util.Map;

/**
 * Airflow's {@code DockerOperator}: runs the task in a container on a Docker engine, see
 * {@link DockerArguments} for its arguments and {@link DockerTaskRunner} for how a container is run. One
 * instance per try (the descriptor's factory makes it). Resumable: executing a try again after a daemon
 * restart attaches to the try's container.
 *
 * <p>The constructor only keeps the arguments, so that the runtime may build one to look at it (is it
 * resumable?) from arguments whose templates are not rendered yet; they are read and checked in
 * {@link #execute}, before any container exists.
 */
public final class DockerOperator implements ResumableOperator {

  /** Accepted for compatibility with Airflow DAG files, without effect here. */
  private static final List<String> IGNORED = List.of("api_version", "timeout", "tls_hostname", "tls_ssl_version");

  private final Map<String, Object> arguments;
  private final RunnerSlot<DockerTaskRunner> runner = new RunnerSlot<>(DockerTaskRunner::new);

  public DockerOperator(Map<String, Object> arguments) {
    this.arguments = arguments;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    ContainerSpec spec = DockerArguments.containerSpec(arguments).build();
    RunOptions options = DockerArguments.runOptions(arguments);
    for (String name : IGNORED) {
      if (arguments.get(name) != null) {
        context.log().warn(name + " is accepted for Airflow compatibility but has no effect in Aloft");
      }
    }
    return runner.forRun(context, arguments).run(context, spec, options);
  }

  @Override
  public void onKill(TaskContext context) {
    runner.forKill(context, arguments).kill(context);
  }
}
