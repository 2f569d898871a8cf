package io.aloft.runtime.app;

import java.time.Instant;
import java.util.List;

/**
 * What to clear, as Airflow 2.10's {@code clearTaskInstances} body and {@code tasks clear} options say.
 *
 * @param tasks the picked tasks (empty, with no regex: every task)
 * @param taskRegex a regular expression the picked task ids must contain a match of (the CLI's {@code -t}), or null
 * @param runId one run (with {@code past}/{@code future}: the runs before/after it too), or null for the date range
 * @param startDate the earliest logical date (null: open), ignored with a run id
 * @param endDate the latest logical date (null: open), ignored with a run id
 * @param onlyFailed only instances that failed or whose upstream failed
 * @param onlyRunning only running instances
 * @param upstream also every task upstream of a picked one
 * @param downstream also every task downstream of a picked one
 * @param future also later runs
 * @param past also earlier runs
 * @param resetDagRuns put the runs of cleared instances back in the queue (Airflow's {@code reset_dag_runs}; the CLI
 *     and the UI always do, as Airflow's do)
 * @param dryRun only say what would be cleared
 */
public record ClearRequest(
    String dagId,
    List<TaskRef> tasks,
    String taskRegex,
    String runId,
    Instant startDate,
    Instant endDate,
    boolean onlyFailed,
    boolean onlyRunning,
    boolean upstream,
    boolean downstream,
    boolean future,
    boolean past,
    boolean resetDagRuns,
    boolean dryRun) {

  public ClearRequest {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  /** Clears every instance of one run (Airflow's {@code /dagRuns/{id}/clear}), the run queued again. */
  public static ClearRequest wholeRun(String dagId, String runId, boolean onlyFailed, boolean dryRun) {
    return new ClearRequest(dagId, List.of(), null, runId, null, null, onlyFailed, false, false, false, false, false, true, dryRun);
  }

  /** A task, and one of its mapped instances (null: all of them). */
  public record TaskRef(String taskId, Integer mapIndex) {
    public static TaskRef of(String taskId) {
      return new TaskRef(taskId, null);
    }
  }
}
