package io.aloft.runtime.execution.builtin;

import io.aloft.runtime.execution.BranchDecision;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;

/**
 * Airflow's LatestOnlyOperator: downstream tasks run only in the latest scheduled run; in older
 * (catch-up) runs they are skipped. Manually triggered runs always proceed.
 */
final class LatestOnlyOperator implements Operator {

  private final CrossDagRuns dags;

  LatestOnlyOperator(CrossDagRuns dags) {
    this.dags = dags;
  }

  @Override
  public Object execute(TaskContext ctx) {
    if (!"scheduled".equals(ctx.run().runType())) {
      ctx.log().info("Manually triggered DAG run: skipping nothing");
      return BranchDecision.all();
    }
    if (dags.isLatestScheduled(ctx.identity().dagId(), ctx.identity().runId())) {
      ctx.log().info("Latest, allowing execution to proceed.");
      return BranchDecision.all();
    }
    ctx.log().info("Not latest execution, skipping downstream.");
    return BranchDecision.only(java.util.List.of());
  }
}
