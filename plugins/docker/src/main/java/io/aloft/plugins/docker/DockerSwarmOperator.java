package io.aloft.plugins.docker;

import io.aloft.sdk.ResumableOperator;
import io.aloft.sdk.TaskContext;
import java.util.Map;

/**
 * Airflow's {@code DockerSwarmOperator}: runs the task as a one-replica Docker Swarm service on a swarm manager,
 * see {@link SwarmArguments} for its arguments and {@link SwarmTaskRunner} for how the service is run. One
 * instance per try (the descriptor's factory makes it). Resumable: executing a try again after a daemon restart
 * attaches to the try's service instead of creating a second one.
 *
 * <p>The constructor only keeps the arguments (they may be unrendered templates); they are read and checked in
 * {@link #execute}, before any service exists.
 */
public final class DockerSwarmOperator implements ResumableOperator {

  private final Map<String, Object> arguments;
  private final RunnerSlot<SwarmTaskRunner> runner = new RunnerSlot<>(SwarmTaskRunner::new);

  public DockerSwarmOperator(Map<String, Object> arguments) {
    this.arguments = arguments;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    SwarmArguments.SwarmOptions options = SwarmArguments.options(arguments);
    // Read every argument now, so that a mistake fails the try before a service exists.
    SwarmArguments.serviceSpec(arguments, "check", String.valueOf(arguments.get("image")), Map.of());
    for (String name : SwarmArguments.IGNORED) {
      if (arguments.get(name) != null) {
        context.log().warn(name + " has no effect on a DockerSwarmOperator task (a Swarm service has no such setting),"
            + " as in Airflow");
      }
    }
    return runner.forRun(context, arguments).run(context, arguments, options);
  }

  @Override
  public void onKill(TaskContext context) {
    runner.forKill(context, arguments).kill(context);
  }
}
