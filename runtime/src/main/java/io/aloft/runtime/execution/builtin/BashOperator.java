package io.aloft.runtime.execution.builtin;

import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskSkipException;
import java.util.List;
import java.util.Map;

/** Airflow's BashOperator: exit 0 succeeds, {@code skip_on_exit_code} (99) skips, others fail. */
final class BashOperator implements Operator {

  private final Args args;
  private final BashProcess process = new BashProcess();

  BashOperator(Map<String, Object> arguments) {
    this.args = new Args(arguments);
  }

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    BashProcess.Result r = process.run(ctx, args);
    if (args.ints("skip_on_exit_code", List.of(99)).contains(r.exitCode())) {
      throw new TaskSkipException("Bash command returned exit code " + r.exitCode() + ". Skipping.");
    }
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          "Bash command failed. The command returned a non-zero exit code " + r.exitCode() + ".");
    }
    return r.lastLine();
  }

  @Override
  public void onKill(TaskContext ctx) {
    process.kill();
  }
}
