package io.aloft.runtime.scheduler;

import java.time.Instant;

/**
 * The next automated run a timetable proposes: its logical date, data interval, and the earliest time
 * the scheduler may create it ({@code runAfter}; the interval's end for cron and timedelta schedules).
 */
public record DagRunInfo(Instant logicalDate, DataInterval dataInterval, Instant runAfter) {

  static DagRunInfo interval(Instant start, Instant end) {
    return new DagRunInfo(start, new DataInterval(start, end), end);
  }

  static DagRunInfo exact(Instant at) {
    return new DagRunInfo(at, DataInterval.exact(at), at);
  }

  /** Whether the run may be created at {@code now}. */
  public boolean isDue(Instant now) {
    return !runAfter.isAfter(now);
  }
}
