package io.aloft.runtime.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Airflow's {@code DeltaTriggerTimetable}: a run every {@code delta}, due at its fire time (not after an interval
 * has passed, as {@code DeltaDataIntervalTimetable}'s are); its data interval ends at the fire time and is {@code
 * interval} long (zero by default). Fire times are counted from the start date, or from now when there is none;
 * without catchup the next run is due now if the last one was at least a delta ago. Pure and immutable.
 */
final class DeltaTriggerTimetable implements Timetable {

  private final Duration delta;
  private final Duration interval;

  DeltaTriggerTimetable(Duration delta, Duration interval) {
    if (delta.isNegative() || delta.isZero()) {
      throw new IllegalArgumentException("a DeltaTriggerTimetable's delta must be positive, got " + delta);
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException("a DeltaTriggerTimetable's interval must not be negative, got " + interval);
    }
    this.delta = delta;
    this.interval = interval;
  }

  @Override
  public Optional<DagRunInfo> nextDagRunInfo(DataInterval lastAutomated, TimeRestriction restriction, Instant now) {
    now = now.truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps of a logical date
    Instant fire;
    if (restriction.catchup()) {
      if (lastAutomated != null) {
        fire = lastAutomated.end().plus(delta);
      } else {
        fire = restriction.earliest() != null ? restriction.earliest() : now;
      }
    } else {
      fire = now;
      if (lastAutomated != null) {
        fire = max(fire, lastAutomated.end().plus(delta));
      }
      if (restriction.earliest() != null) {
        fire = max(fire, restriction.earliest());
      }
    }
    if (restriction.latest() != null && restriction.latest().isBefore(fire)) {
      return Optional.empty();
    }
    return Optional.of(DagRunInfo.interval(fire.minus(interval), fire));
  }

  /** A run triggered by hand at {@code runAfter}: the interval that ends there. */
  @Override
  public DataInterval inferManualDataInterval(Instant runAfter) {
    return new DataInterval(runAfter.minus(interval), runAfter);
  }

  @Override
  public boolean periodic() {
    return true;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
