package io.aloft.runtime.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Run-level limits, as Airflow 2.10's scheduler applies them: {@code max_active_runs} (queued runs start
 * oldest logical date first while fewer than the limit are running; no new scheduled run is created
 * while queued + running reach it) and {@code dagrun_timeout} (a run started longer ago fails, and its
 * unfinished task instances are set to skipped).
 */
public final class RunAdmission {

  /** A queued run waiting to start. */
  public record QueuedRun(String runId, Instant logicalDate, Instant queuedAt) {}

  private static final Comparator<QueuedRun> OLDEST_FIRST =
      Comparator.comparing(QueuedRun::logicalDate, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(QueuedRun::queuedAt, Comparator.nullsLast(Comparator.naturalOrder()));

  private RunAdmission() {}

  /** The ids of queued runs to set running now, oldest first. */
  public static List<String> runsToStart(
      int maxActiveRuns, int runningRuns, Collection<QueuedRun> queued) {
    List<String> start = new ArrayList<>();
    int running = runningRuns;
    for (QueuedRun run : queued.stream().sorted(OLDEST_FIRST).toList()) {
      if (running >= maxActiveRuns) {
        break;
      }
      start.add(run.runId());
      running++;
    }
    return start;
  }

  /** Whether the timetable may create another scheduled run (queued and running runs both count). */
  public static boolean mayCreateScheduledRun(int maxActiveRuns, int queuedOrRunningRuns) {
    return queuedOrRunningRuns < maxActiveRuns;
  }

  /**
   * Whether a run that started at {@code runStart} has passed its DAG's {@code dagrun_timeout}; null
   * timeout or start means never. The caller then fails the run and skips its unfinished instances.
   */
  public static boolean isTimedOut(Instant runStart, Double dagrunTimeoutSeconds, Instant now) {
    if (runStart == null || dagrunTimeoutSeconds == null || dagrunTimeoutSeconds <= 0) {
      return false;
    }
    Duration timeout = RetryPolicy.seconds(dagrunTimeoutSeconds);
    return runStart.isBefore(now.minus(timeout));
  }
}
