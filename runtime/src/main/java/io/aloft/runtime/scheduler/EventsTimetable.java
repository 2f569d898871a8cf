package io.aloft.runtime.scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Airflow's {@code EventsTimetable}: one run at each listed instant (sorted, duplicates dropped), with an
 * exact data interval at the event. Events before the start date or after the end date are ignored; without
 * catchup, missed events are skipped up to the latest one at or before now. A manual run's interval is
 * exact at its own time, or, with {@code restrict_to_events=True}, at the latest event before it (the first
 * event when none is). Pure and immutable.
 */
final class EventsTimetable implements Timetable {

  private final List<Instant> events;
  private final boolean restrictToEvents;

  EventsTimetable(List<Instant> events, boolean restrictToEvents) {
    this.events = events.stream().distinct().sorted().toList();
    this.restrictToEvents = restrictToEvents;
  }

  @Override
  public Optional<DagRunInfo> nextDagRunInfo(DataInterval lastAutomated, TimeRestriction restriction, Instant now) {
    Instant candidate = null;
    for (Instant e : events) {
      boolean afterLast = lastAutomated == null || e.isAfter(lastAutomated.end());
      boolean afterStart = restriction.earliest() == null || !e.isBefore(restriction.earliest());
      if (afterLast && afterStart) {
        if (candidate == null) {
          candidate = e;
        } else if (!restriction.catchup() && !e.isAfter(now)) {
          candidate = e; // a later event that is also past: skip the missed one
        } else {
          break;
        }
        if (restriction.catchup()) {
          break;
        }
      }
    }
    if (candidate == null || (restriction.latest() != null && candidate.isAfter(restriction.latest()))) {
      return Optional.empty();
    }
    return Optional.of(DagRunInfo.exact(candidate));
  }

  @Override
  public DataInterval inferManualDataInterval(Instant runAfter) {
    if (!restrictToEvents || events.isEmpty()) {
      return DataInterval.exact(runAfter);
    }
    Instant at = events.getFirst();
    for (Instant e : events) {
      if (e.isAfter(runAfter)) {
        break;
      }
      at = e;
    }
    return DataInterval.exact(at);
  }
}
