package io.aloft.graphgrid.preflight;

import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import java.util.Map;

/**
 * {@code gpu_pool_setup}: creates {@code gpu_pool} or resizes it to the size {@code gpu_preflight_configuration}
 * returned (never below the trainings running in it). Argument {@code preflight_task_id} names the preflight task.
 */
public final class GpuPoolSetupOperator implements Operator {

  private final String preflightTaskId;

  public GpuPoolSetupOperator(Map<String, Object> args) {
    this.preflightTaskId = String.valueOf(args.getOrDefault("preflight_task_id", GpuPreflightOperator.TASK_ID));
  }

  @Override
  public Object execute(TaskContext ctx) {
    GpuPools.ensure(ctx.pools());
    Object size = ctx.xcom().pull(preflightTaskId, "return_value").orElseThrow(() -> new TaskFailException(
        "no pool size from " + preflightTaskId + ": it must run (and succeed) before gpu_pool_setup"));
    int wanted;
    try {
      wanted = size instanceof Number n ? n.intValue() : Integer.parseInt(size.toString().strip());
    } catch (NumberFormatException e) {
      throw new TaskFailException(preflightTaskId + " returned '" + size + "', not a pool size");
    }
    int before = ctx.pools().get(GpuPools.GPU_POOL).map(p -> p.slots()).orElse(0);
    int set = GpuPools.resize(ctx.pools(), wanted);
    ctx.log().info(GpuPools.GPU_POOL + ": " + before + " -> " + set + " slots (preflight asked for " + wanted + ")");
    return set;
  }
}
