package io.aloft.runtime.scheduler;

import java.time.Instant;
import java.util.Optional;

/**
 * The shared logic of cron and timedelta schedules (Airflow's {@code _DataIntervalTimetable}): runs
 * cover consecutive intervals; the first starts at the first schedule point at or after the start date
 * (with catchup) or at the latest complete interval (without).
 */
abstract sealed class IntervalTimetable implements Timetable permits CronTimetable, DeltaTimetable {

  /** The first schedule point strictly after {@code t}. */
  abstract Instant next(Instant t);

  /** The last schedule point strictly before {@code t}. */
  abstract Instant prev(Instant t);

  /** {@code t} if it is a schedule point, else the next one. */
  abstract Instant alignToNext(Instant t);

  /** {@code t} if it is a schedule point, else the previous one. */
  abstract Instant alignToPrev(Instant t);

  /** The start of the latest interval that has ended by {@code now}, not before {@code earliest}. */
  abstract Instant skipToLatest(Instant earliest, Instant now);

  @Override
  public final boolean periodic() {
    return true;
  }

  @Override
  public final Optional<DagRunInfo> nextDagRunInfo(
      DataInterval lastAutomated, TimeRestriction restriction, Instant now) {
    Instant earliest = restriction.earliest();
    if (!restriction.catchup()) {
      earliest = skipToLatest(earliest, now);
    } else if (earliest != null) {
      earliest = alignToNext(earliest);
    }
    Instant start;
    if (lastAutomated == null) {
      if (earliest == null) {
        return Optional.empty();
      }
      start = earliest;
    } else {
      // Aligning copes with a schedule that changed since the last run.
      Instant lastEnd = alignToPrev(lastAutomated.end());
      start = earliest != null && earliest.isAfter(lastEnd) ? earliest : lastEnd;
    }
    if (restriction.latest() != null && start.isAfter(restriction.latest())) {
      return Optional.empty();
    }
    return Optional.of(DagRunInfo.interval(start, next(start)));
  }

  /** The last complete interval before {@code runAfter}: a run triggered at 01:00 covers yesterday. */
  @Override
  public final DataInterval inferManualDataInterval(Instant runAfter) {
    Instant end = alignToPrev(runAfter);
    return new DataInterval(prev(end), end);
  }
}
