package io.aloft.runtime.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What Airflow's trigger timetables share ({@code CronTriggerTimetable}, {@code DeltaTriggerTimetable}): a run is due
 * at its fire time, its data interval is {@code interval} long and ends there, and without catchup the next run is
 * the latest fire time not after now (or later, after the last run or the start date). Subclasses say where fire
 * times fall. Pure and immutable.
 */
abstract sealed class TriggerTimetable implements Timetable permits CronTriggerTimetable, DeltaTriggerTimetable {

  private final Duration interval;

  TriggerTimetable(Duration interval) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("a trigger timetable's interval must not be negative, got " + interval);
    }
    this.interval = interval;
  }

  /** The first fire time strictly after {@code t}. */
  abstract Instant next(Instant t);

  /** {@code t} if it is a fire time, else the first one after it. */
  abstract Instant alignToNext(Instant t);

  /** {@code t} if it is a fire time, else the last one before it. */
  abstract Instant alignToPrev(Instant t);

  /** With catchup, the first fire time of a DAG without a start date (none: no automated runs). */
  abstract Optional<Instant> firstWithoutStart(Instant now);

  @Override
  public final Optional<DagRunInfo> nextDagRunInfo(DataInterval lastAutomated, TimeRestriction restriction, Instant now) {
    Instant fire;
    if (restriction.catchup()) {
      if (lastAutomated != null) {
        fire = next(lastAutomated.end());
      } else if (restriction.earliest() != null) {
        fire = alignToNext(restriction.earliest());
      } else {
        Optional<Instant> first = firstWithoutStart(now);
        if (first.isEmpty()) {
          return Optional.empty();
        }
        fire = first.get();
      }
    } else {
      fire = alignToPrev(now);
      if (lastAutomated != null) {
        fire = max(fire, next(lastAutomated.end()));
      }
      if (restriction.earliest() != null) {
        fire = max(fire, alignToNext(restriction.earliest()));
      }
    }
    if (restriction.latest() != null && restriction.latest().isBefore(fire)) {
      return Optional.empty();
    }
    return Optional.of(DagRunInfo.interval(fire.minus(interval), fire));
  }

  /** A run triggered by hand at {@code runAfter}: the interval that ends there. */
  @Override
  public final DataInterval inferManualDataInterval(Instant runAfter) {
    return new DataInterval(runAfter.minus(interval), runAfter);
  }

  @Override
  public final boolean periodic() {
    return true;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
