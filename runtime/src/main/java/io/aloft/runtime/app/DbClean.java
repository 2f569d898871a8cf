package io.aloft.runtime.app;

import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.store.RetentionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes old history, as Airflow's {@code airflow db clean}: finished DAG runs older than a cut-off with their
 * task instances, tries, XCom, notes and log files on disk; old XCom of the runs that stay; old audit entries (the
 * {@code log} table). Used by {@code aloft db clean} and by the daemon's daily retention. What counts as old, and
 * which runs always stay, is {@link RetentionStore}'s. Thread-safe; the rows go in one transaction, the log files
 * after it (a crash in between leaves files without rows, which the next clean does not see: harmless).
 */
public final class DbClean {

  /** What a clean removed (or, for a dry run, would remove). */
  public record Result(Instant before, boolean dryRun, Map<String, Long> rows, long logFiles) {}

  private final RetentionStore store;
  private final LogFiles logs;
  private final EventLogs events;

  DbClean(RetentionStore store, LogFiles logs, EventLogs events) {
    this.store = store;
    this.logs = logs;
    this.events = events;
  }

  /** The tables {@code --tables} accepts. */
  public static List<String> tables() {
    return RetentionStore.TABLES;
  }

  /**
   * Deletes (or with {@code dryRun} counts) what is older than {@code before} in {@code tables} (empty: all). A real
   * clean is recorded in the audit log ({@code db_clean}) after its own deletions, so the entry stays.
   *
   * @throws IllegalArgumentException for a table that a clean does not know
   */
  public Result clean(Actor actor, Instant before, List<String> tables, boolean dryRun) {
    actor.require(Permission.delete(Permission.TASK_INSTANCES));
    actor.require(Permission.delete(Permission.AUDIT_LOGS));
    List<String> chosen = tables == null || tables.isEmpty() ? RetentionStore.TABLES : List.copyOf(tables);
    List<String> unknown = new ArrayList<>(chosen);
    unknown.removeAll(RetentionStore.TABLES);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown table(s) " + unknown + ": use some of "
          + String.join(",", RetentionStore.TABLES) + " (dag_run takes its task_instance, task_try, xcom and log files"
          + " along)");
    }
    RetentionStore.Purge purge = dryRun ? store.count(before, chosen) : store.delete(before, chosen);
    long files = 0;
    for (RetentionStore.RunKey run : purge.runs()) {
      files += dryRun ? logs.countRun(run.dagId(), run.runId()) : logs.deleteRun(run.dagId(), run.runId());
    }
    if (!dryRun) {
      Map<String, Object> details = new LinkedHashMap<>(purge.rows());
      details.put("clean_before_timestamp", before.toString());
      details.put("log_files", files);
      events.record(actor, "db_clean", EventLogs.Subject.NONE, details);
    }
    return new Result(before, dryRun, purge.rows(), files);
  }
}
