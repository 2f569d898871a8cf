package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.PokeResult;
import io.aloft.sdk.Sensor;
import io.aloft.sdk.TaskContext;
import java.util.Map;

/** Airflow's BashSensor: the condition is met when the command exits 0. */
final class BashSensor implements Sensor {

  private final Args args;
  private final BashProcess process = new BashProcess();

  BashSensor(Map<String, Object> arguments) {
    this.args = new Args(arguments);
  }

  @Override
  public PokeResult poke(TaskContext ctx) throws Exception {
    BashProcess.Result r = process.run(ctx, args);
    return r.exitCode() == 0 ? PokeResult.done(null) : PokeResult.notYet();
  }

  @Override
  public void onKill(TaskContext ctx) {
    process.kill();
  }
}
