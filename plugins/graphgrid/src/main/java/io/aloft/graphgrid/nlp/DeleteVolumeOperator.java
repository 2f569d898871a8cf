package io.aloft.graphgrid.nlp;

import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;

/** {@code delete_volume}: removes the run's session volume, whatever happened before (trigger rule all_done). */
public final class DeleteVolumeOperator implements Operator {

  @Override
  public Object execute(TaskContext ctx) {
    SessionVolumes volumes = NlpSteps.volumes(ctx);
    String volume = NlpSteps.volume(ctx);
    volumes.removeContainers(ctx.identity().dagId(), ctx.identity().runId());
    boolean removed = volumes.remove(volume);
    ctx.log().info(removed ? "removed volume " + volume : "volume " + volume + " did not exist: nothing to remove");
    return removed;
  }
}
