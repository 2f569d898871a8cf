package io.aloft.runtime.scheduler;

import java.time.Instant;

/** A run's data interval {@code [start, end)}; an "exact" interval has {@code start == end}. */
public record DataInterval(Instant start, Instant end) {

  public static DataInterval exact(Instant at) {
    return new DataInterval(at, at);
  }
}
