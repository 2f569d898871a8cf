package io.aloft.graphgrid.docker;

import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.gpu.SimulatedGpu;
import io.aloft.graphgrid.trainer.TrainerImage;
import io.aloft.graphgrid.trainer.TrainerSources;
import io.aloft.plugins.docker.DockerArguments;
import io.aloft.plugins.docker.DockerClients;
import io.aloft.plugins.docker.DockerEndpoint;
import io.aloft.plugins.docker.DockerTaskRunner;
import io.aloft.plugins.docker.RunOptions;
import io.aloft.sdk.ResumableOperator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskIdentity;
import java.util.Map;

/**
 * GraphGrid's {@code GraphgridDockerOperator}: the Docker operator plus labels, GPU passthrough, SDK credentials
 * and a GPU healthcheck (see {@link GraphGridContainers}). The container runs through the docker plugin's
 * {@link DockerTaskRunner}, so it carries the try labels, streams its log, and is re-attached after a daemon
 * restart (hence resumable: a resumed try holds its simulated GPU memory again under the same owner). The trainer
 * image is built on first use. One instance per try.
 */
public final class GraphGridDockerOperator implements ResumableOperator {

  private final Map<String, Object> arguments;
  private final RunOptions options;
  private volatile DockerTaskRunner runner;
  private volatile String simulatedOwner;
  private volatile SimulatedGpu simulatedGpu;

  /** Reads and checks the arguments now, so a bad value fails before any container exists. */
  public GraphGridDockerOperator(Map<String, Object> arguments) {
    this.arguments = arguments;
    DockerArguments.containerSpec(arguments);
    GraphGridArguments.flag(arguments, "gpu");
    this.options = DockerArguments.runOptions(arguments);
  }

  /** The owner key of a GPU session on the simulated GPU: one per try's task of a run. */
  public static String simulatedOwner(TaskIdentity id) {
    return id.dagId() + "/" + id.runId() + "/" + id.taskId();
  }

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    java.util.OptionalInt device = ctx.xcom().pull(io.aloft.graphgrid.preflight.GpuPreflightOperator.TASK_ID,
            io.aloft.graphgrid.preflight.GpuPreflightOperator.GPU_DEVICE_KEY)
        .filter(Number.class::isInstance).map(n -> java.util.OptionalInt.of(((Number) n).intValue()))
        .orElse(java.util.OptionalInt.empty());
    ContainerPlan plan = GraphGridContainers.plan(arguments, ctx.settings(), ctx.identity(), device);
    plan.notes().forEach(ctx.log()::info);
    DockerTaskRunner r = runner(ctx);
    if (TrainerSources.IMAGE.equals(plan.spec().image())) {
      TrainerImage.ensure(DockerClients.get(endpoint(ctx)), ctx.log()::info);
    }
    if (plan.simulatedGpuMiB().isPresent()) {
      SimulatedGpu gpu = GpuProbes.simulatedGpu(ctx.settings());
      String owner = simulatedOwner(ctx.identity());
      long mib = plan.simulatedGpuMiB().getAsLong();
      if (gpu.allocate(owner, mib).isEmpty()) {
        throw new TaskFailException("the simulated GPU " + gpu.describe() + " has no room for " + mib + " MiB: "
            + "the session was started without the preflight's admission (run it in gpu_pool after gpu_pool_setup)");
      }
      simulatedGpu = gpu;
      simulatedOwner = owner;
    }
    try {
      return r.run(ctx, plan.spec(), options);
    } finally {
      releaseSimulated(ctx);
    }
  }

  @Override
  public void onKill(TaskContext ctx) {
    runner(ctx).kill(ctx);
    releaseSimulated(ctx);
  }

  private void releaseSimulated(TaskContext ctx) {
    SimulatedGpu gpu = simulatedGpu;
    String owner = simulatedOwner;
    if (gpu != null && owner != null && gpu.release(owner)) {
      ctx.log().info("released the simulated GPU memory of " + owner);
    }
  }

  private DockerEndpoint endpoint(TaskContext ctx) {
    return DockerArguments.endpoint(arguments, ctx.settings());
  }

  private synchronized DockerTaskRunner runner(TaskContext ctx) {
    if (runner == null) {
      runner = new DockerTaskRunner(endpoint(ctx));
    }
    return runner;
  }
}
