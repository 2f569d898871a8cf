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
final class DeltaTriggerTimetable extends TriggerTimetable {

  private final Duration delta;

  DeltaTriggerTimetable(Duration delta, Duration interval) {
    super(interval);
    if (delta.isNegative() || delta.isZero()) {
      throw new IllegalArgumentException("a DeltaTriggerTimetable's delta must be positive, got " + delta);
    }
    this.delta = delta;
  }

  @Override
  Instant next(Instant t) {
    return t.plus(delta);
  }

  /** Every instant is a fire time: the series starts wherever the start date (or now) puts it. */
  @Override
  Instant alignToNext(Instant t) {
    return t;
  }

  @Override
  Instant alignToPrev(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS); // "now" as PostgreSQL keeps a logical date
  }

  @Override
  Optional<Instant> firstWithoutStart(Instant now) {
    return Optional.of(alignToPrev(now));
  }
}
