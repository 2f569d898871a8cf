package io.aloft.runtime.scheduler;

import java.time.Duration;
import java.time.Instant;

/** A {@code timedelta} schedule: intervals of a fixed length counted from the start date. */
final class DeltaTimetable extends IntervalTimetable {

  private final Duration delta;

  DeltaTimetable(Duration delta) {
    this.delta = delta;
  }

  @Override
  Instant next(Instant t) {
    return t.plus(delta);
  }

  @Override
  Instant prev(Instant t) {
    return t.minus(delta);
  }

  @Override
  Instant alignToNext(Instant t) {
    return t;
  }

  @Override
  Instant alignToPrev(Instant t) {
    return t;
  }

  /** Now rounded down to a multiple of the delta since the epoch, minus one delta (as Airflow). */
  @Override
  Instant skipToLatest(Instant earliest, Instant now) {
    long ms = delta.toMillis();
    long rounded = now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), ms);
    Instant newStart = Instant.ofEpochMilli(rounded).minus(delta);
    if (earliest == null) {
      return newStart;
    }
    return earliest.isAfter(newStart) ? earliest : newStart;
  }
}
