package io.aloft.plugins.docker;

import io.aloft.sdk.TaskContext;
import java.util.Map;
import java.util.function.Function;

/**
 * The runner of one operator instance (a try), made on first use for the engine the try needs. DockerOperator and
 * DockerSwarmOperator hold one each. {@link #forRun} makes it for the engine of the (rendered) arguments;
 * {@link #forKill} on an operator that never ran the try (the runtime ends a try whose thread is gone, with
 * arguments it did not render) makes it for the engine the try recorded ({@link WorkRecord#engineToStop}).
 * Thread-safe: the try's thread runs, any other kills.
 *
 * @param <R> the runner type ({@link DockerTaskRunner}, {@link SwarmTaskRunner})
 */
final class RunnerSlot<R> {

  private final Function<DockerEndpoint, R> make;
  private R runner;

  RunnerSlot(Function<DockerEndpoint, R> make) {
    this.make = make;
  }

  /** The runner for running the try on the engine its arguments name. */
  synchronized R forRun(TaskContext ctx, Map<String, Object> args) {
    if (runner == null) {
      runner = make.apply(DockerArguments.endpoint(args, ctx.settings()));
    }
    return runner;
  }

  /** The runner for stopping the try: the one that runs it, else one on the engine the try recorded. */
  synchronized R forKill(TaskContext ctx, Map<String, Object> args) {
    if (runner == null) {
      runner = make.apply(WorkRecord.engineToStop(ctx, args));
    }
    return runner;
  }
}
