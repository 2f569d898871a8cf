package io.aloft.plugins.docker;

import io.aloft.sdk.ResumableOperator;
import io.aloft.sdk.TaskContext;
import java.util.Map;

/**
 * Airflow's {@code DockerOperator}: runs the task in a container on a Docker engine, see
 * {@link DockerArguments} for its arguments and {@link DockerTaskRunner} for how a container is run. One
 * instance per try (the descriptor's factory makes it). Resumable: executing a try again after a daemon
 * restart attaches to the try's container.
 */
public final class DockerOperator implements ResumableOperator {

  private final Map<String, Object> arguments;
  private final ContainerSpec spec;
  private final RunOptions options;
  private volatile DockerTaskRunner runner;

  /** Reads and checks the arguments now, so a bad value fails before any container exists. */
  public DockerOperator(Map<String, Object> arguments) {
    this.arguments = arguments;
    this.spec = DockerArguments.containerSpec(arguments).build();
    this.options = DockerArguments.runOptions(arguments);
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    DockerTaskRunner r = runner(context);
    return r.run(context, spec, options);
  }

  @Override
  public void onKill(TaskContext context) {
    runner(context).kill(context);
  }

  private synchronized DockerTaskRunner runner(TaskContext context) {
    if (runner == null) {
      runner = new DockerTaskRunner(DockerArguments.endpoint(arguments, context.settings()));
    }
    return runner;
  }
}
