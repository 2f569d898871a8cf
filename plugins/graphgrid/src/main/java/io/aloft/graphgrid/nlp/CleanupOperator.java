package io.aloft.graphgrid.nlp;

import io.aloft.graphgrid.docker.GraphGridDockerOperator;
import io.aloft.graphgrid.gpu.GpuProbes;
import io.aloft.graphgrid.preflight.AdmissionLedger;
import io.aloft.graphgrid.preflight.NodeAdmission;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskIdentity;

/**
 * {@code cleanup}: removes what the run generated besides its volume, whatever happened before (trigger rule
 * {@code all_done}): every container of the run, its simulated GPU memory and its preflight admission (in this daemon
 * and, on several machines, its row in {@code gpu_reservation}).
 */
public final class CleanupOperator implements Operator {

  @Override
  public Object execute(TaskContext ctx) {
    TaskIdentity id = ctx.identity();
    int removed = NlpSteps.volumes(ctx).removeContainers(id.dagId(), id.runId());
    if (GpuProbes.simulated(ctx.settings())) {
      GpuProbes.simulatedGpu(ctx.settings()).release(GraphGridDockerOperator.simulatedOwner(
          new TaskIdentity(id.dagId(), id.runId(), "train_model_gpu", -1, 1)));
    }
    AdmissionLedger.shared().forget(id.dagId(), id.runId());
    // The run's GPU reservation in the plugin's tables (several machines), if the training did not drop it itself.
    NodeAdmission.database(ctx).ifPresent(db -> NodeAdmission.release(db, id.dagId(), id.runId()));
    ctx.log().info("removed " + removed + " container(s) of run " + id.runId());
    return removed;
  }
}
