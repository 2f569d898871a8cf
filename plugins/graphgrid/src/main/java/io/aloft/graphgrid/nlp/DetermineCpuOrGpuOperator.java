package io.aloft.graphgrid.nlp;

import io.aloft.graphgrid.gpu.GpuProbe;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.gpu.GpuUnavailableException;
import io.aloft.sdk.BranchResult;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import java.util.Map;

/**
 * {@code determine_cpu_or_gpu}: follows the GPU subgraph when the request asks for a GPU and the probe sees one,
 * else {@code train_model_cpu}; a GPU request on a host without one says so and trains on the CPU. Arguments
 * {@code gpu_task_id} and {@code cpu_task_id} name the branches.
 */
public final class DetermineCpuOrGpuOperator implements Operator {

  private final String gpuTask;
  private final String cpuTask;

  public DetermineCpuOrGpuOperator(Map<String, Object> args) {
    this.gpuTask = String.valueOf(args.getOrDefault("gpu_task_id", "gpu_training_sensor"));
    this.cpuTask = String.valueOf(args.getOrDefault("cpu_task_id", "train_model_cpu"));
  }

  @Override
  public Object execute(TaskContext ctx) {
    RequestBody request = NlpSteps.request(ctx);
    if (!request.gpu()) {
      ctx.log().info("CPU training requested");
      return BranchResult.follow(cpuTask);
    }
    GpuProbe probe = GpuProbes.fromSettings(ctx.settings());
    try {
      int devices = probe.snapshot().devices().size();
      if (devices > 0) {
        ctx.log().info("GPU training requested and " + devices + " GPU(s) seen through " + probe.describe());
        return BranchResult.follow(gpuTask);
      }
      ctx.log().warn("GPU training requested but " + probe.describe() + " sees no GPU: training on the CPU instead");
    } catch (GpuUnavailableException e) {
      ctx.log().warn("GPU training requested but no GPU is usable (" + e.getMessage() + "): training on the CPU instead");
    }
    return BranchResult.follow(cpuTask);
  }
}
