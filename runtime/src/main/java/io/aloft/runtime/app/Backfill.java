package io.aloft.runtime.app;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.scheduler.DagRunInfo;
import io.aloft.runtime.scheduler.TimeRestriction;
import io.aloft.runtime.scheduler.Timetable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The runs a backfill covers: the DAG's timetable between two dates, with catchup. Pure. */
final class Backfill {

  /** Airflow's run-id time format, as scheduled and manual runs use it. */
  static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  /** More runs than this in one backfill is almost surely a wrong range (an hourly DAG over years). */
  static final int MAX_RUNS = 10_000;

  private Backfill() {}

  /**
   * Every run of the DAG's timetable whose logical date lies in [start, end], oldest first.
   *
   * @throws IllegalArgumentException when the DAG has no cron or timedelta schedule, or the range holds too many runs
   */
  static List<DagRunInfo> plan(DagSpec spec, Instant start, Instant end) {
    Timetable timetable = Timetable.of(spec);
    if (!timetable.periodic()) {
      throw new IllegalArgumentException(
          "DAG '" + spec.dagId() + "' has no cron or timedelta schedule, so it has no logical dates to backfill;"
              + " trigger runs with a logical date instead (aloft dags trigger)");
    }
    TimeRestriction restriction = new TimeRestriction(start, end, true);
    // "now" lies beyond the range: every interval in it counts, whether or not it has ended yet.
    Instant now = end.plus(3660, ChronoUnit.DAYS);
    List<DagRunInfo> out = new ArrayList<>();
    Optional<DagRunInfo> next = timetable.nextDagRunInfo(null, restriction, now);
    while (next.isPresent() && !next.get().logicalDate().isAfter(end)) {
      if (out.size() >= MAX_RUNS) {
        throw new IllegalArgumentException(
            "the range " + start + " .. " + end + " holds more than " + MAX_RUNS + " runs of DAG '" + spec.dagId()
                + "': backfill a shorter range at a time");
      }
      out.add(next.get());
      next = timetable.nextDagRunInfo(next.get().dataInterval(), restriction, now);
    }
    return out;
  }
}
