package io.aloft.graphgrid.nlp;

import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;

/** {@code create_unique_session_path}: creates this run's Docker volume and returns its name. */
public final class CreateSessionVolumeOperator implements Operator {

  @Override
  public Object execute(TaskContext ctx) {
    String name = NlpSteps.volumes(ctx).create(ctx.identity().dagId(), ctx.identity().runId());
    ctx.log().info("session volume " + name + " is ready");
    return name;
  }
}
