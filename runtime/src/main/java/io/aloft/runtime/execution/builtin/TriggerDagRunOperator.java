package io.aloft.runtime.execution.builtin;

import io.aloft.runtime.trigger.TaskDeferral;
import io.aloft.runtime.trigger.Trigger;
import io.aloft.runtime.trigger.TriggerResumable;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskSkipException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Airflow's TriggerDagRunOperator: starts a run of another DAG (conf, run id and logical date templated), pushes its
 * run id as XCom {@code trigger_run_id}, and with {@code wait_for_completion} waits (polling every {@code
 * poke_interval} seconds, holding its slot as Airflow's non-deferrable mode does) until the run reaches one of
 * {@code allowed_states} (success) or {@code failed_states} (fails); with {@code deferrable} it defers to the
 * triggerer instead (a DagStateTrigger) and holds no slot while the run goes on. A run that already exists fails the task,
 * skips it ({@code skip_when_already_exists}) or is cleared for a fresh start ({@code reset_dag_run}).
 */
final class TriggerDagRunOperator implements Operator, TriggerResumable {

  static final String XCOM_RUN_ID = "trigger_run_id";

  private final Args args;
  private final CrossDagRuns dags;

  TriggerDagRunOperator(Map<String, Object> arguments, CrossDagRuns dags) {
    this.args = new Args(arguments);
    this.dags = dags;
  }

  @Override
  public Object execute(TaskContext ctx) throws InterruptedException {
    String dagId = args.string("trigger_dag_id");
    Instant logical = args.has("logical_date") ? args.instant("logical_date") : args.instant("execution_date");
    if (logical == null) {
      logical = ctx.clock().instant();
    }
    Map<String, Object> conf = args.map("conf");
    String runId = args.string("trigger_run_id");
    List<String> allowed = states("allowed_states", List.of("success"));
    List<String> failed = states("failed_states", List.of("failed"));
    CrossDagRuns.Triggered run;
    try {
      run = dags.trigger(dagId, runId == null || runId.isBlank() ? null : runId, conf, logical,
          args.bool("reset_dag_run", false));
    } catch (CrossDagRuns.AlreadyExists e) {
      if (args.bool("skip_when_already_exists", false)) {
        throw new TaskSkipException("Skipping due to skip_when_already_exists is set to True and DagRunAlreadyExists");
      }
      // Airflow's DagRunAlreadyExists and DagNotFound are ordinary failures: retried per retries.
      throw new IllegalStateException(e.getMessage() + " (set reset_dag_run=True to clear it, or skip_when_already_exists=True)");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("cannot trigger DAG '" + dagId + "': " + e.getMessage());
    }
    ctx.log().info((run.reset() ? "Cleared existing run " : "Triggered DAG ") + dagId + " run " + run.runId()
        + " (logical date " + run.logicalDate() + ")");
    ctx.xcom().push(XCOM_RUN_ID, run.runId());
    ctx.xcom().push("trigger_execution_date_iso", run.logicalDate().toString());
    ctx.xcom().push("trigger_logical_date_iso", run.logicalDate().toString());
    if (!args.bool("wait_for_completion", false)) {
      return null;
    }
    Duration interval = Duration.ofMillis(Math.round(1000 * (args.number("poke_interval") == null ? 60 : args.number("poke_interval"))));
    if (args.bool("deferrable", false)) {
      // Airflow's deferrable mode: the triggerer waits on the run (DagStateTrigger), this try ends now.
      java.util.Set<String> ends = new java.util.LinkedHashSet<>(allowed);
      ends.addAll(failed);
      ctx.log().info("Deferring until " + dagId + " run " + run.runId() + " is in " + ends);
      throw new TaskDeferral(new Trigger.DagState(dagId, List.of(run.runId()), ends, interval), "execute_complete",
          Map.of("run_id", run.runId()), null);
    }
    while (true) {
      ctx.log().info("Waiting for " + dagId + " run " + run.runId() + " to become allowed state " + allowed + " ...");
      sleep(ctx, interval);
      Optional<String> state = dags.runState(dagId, run.runId());
      if (state.isEmpty()) {
        throw new IllegalStateException("the triggered run " + run.runId() + " of DAG " + dagId + " was deleted");
      }
      if (failed.contains(state.get())) {
        throw new IllegalStateException(dagId + " failed with failed states " + state.get());
      }
      if (allowed.contains(state.get())) {
        ctx.log().info(dagId + " finished with allowed state " + state.get());
        return null;
      }
    }
  }

  /** The resumed try of the deferrable mode: the run reached an allowed or a failed state (or was deleted). */
  @Override
  public Object resume(TaskContext ctx, String method, Map<String, Object> kwargs) {
    String dagId = args.string("trigger_dag_id");
    String runId = String.valueOf(kwargs.get("run_id"));
    Optional<String> state = dags.runState(dagId, runId);
    if (state.isEmpty()) {
      throw new IllegalStateException("the triggered run " + runId + " of DAG " + dagId + " was deleted");
    }
    if (states("failed_states", List.of("failed")).contains(state.get())) {
      throw new IllegalStateException(dagId + " failed with failed states " + state.get());
    }
    ctx.log().info(dagId + " finished with allowed state " + state.get());
    return null;
  }

  private List<String> states(String name, List<String> def) {
    List<String> given = args.strings(name);
    if (given.isEmpty()) {
      // Airflow: an explicit empty failed_states means "none"; an empty allowed_states means the default.
      return name.equals("failed_states") && args.has(name) ? List.of() : def;
    }
    return given.stream().map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList();
  }

  /** Sleeps in short steps so that a stopped or cleared try ends at once, heartbeating meanwhile. */
  private static void sleep(TaskContext ctx, Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      if (ctx.isCancelled()) {
        throw new InterruptedException("the try was stopped");
      }
      Thread.sleep(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      ctx.heartbeat();
    }
  }
}
