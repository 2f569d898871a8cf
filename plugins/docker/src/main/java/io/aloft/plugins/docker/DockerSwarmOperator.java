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
  private volatile SwarmTaskRunner runner;

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
    return runner(context).run(context, arguments, options);
  }

  @Override
  public void onKill(TaskContext context) {
    SwarmTaskRunner r;
    synchronized (this) {
      if (runner == null) {
        // Never run here: the runtime ends a try whose thread is gone, with arguments it did not render. The work
        // is on the engine the try recorded (a templated docker_url names none here).
        runner = new SwarmTaskRunner(WorkRecord.engineToStop(context, arguments));
      }
      r = runner;
    }
    r.kill(context);
  }

  private synchronized SwarmTaskRunner runner(TaskContext context) {
    if (runner == null) {
      runner = new SwarmTaskRunner(DockerArguments.endpoint(arguments, context.settings()));
    }
    return runner;
  }
}
