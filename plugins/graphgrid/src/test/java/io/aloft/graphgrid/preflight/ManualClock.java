package io.aloft.graphgrid.preflight;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves; its {@link #sleeper()} advances it instead of sleeping. */
final class ManualClock extends Clock {

  private Instant now = Instant.parse("2026-11-29T08:00:00Z");

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  Sleeper sleeper() {
    return this::advance;
  }
}
