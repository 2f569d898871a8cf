package io.aloft.runtime.scheduler;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code @continuous}: a new run as soon as the last one ends (with {@code max_active_runs=1}); each
 * interval runs from the previous interval's end to now.
 */
final class ContinuousTimetable implements Timetable {

  @Override
  public Optional<DagRunInfo> nextDagRunInfo(
      DataInterval lastAutomated, TimeRestriction restriction, Instant now) {
    if (restriction.earliest() == null) {
      return Optional.empty();
    }
    Instant start;
    Instant end;
    if (lastAutomated != null) {
      start = lastAutomated.end();
      end = now;
    } else {
      start = restriction.earliest();
      end = start.isAfter(now) ? start : now;
    }
    if (restriction.latest() != null && end.isAfter(restriction.latest())) {
      return Optional.empty();
    }
    return Optional.of(DagRunInfo.interval(start, end));
  }

  @Override
  public DataInterval inferManualDataInterval(Instant runAfter) {
    return DataInterval.exact(runAfter);
  }
}
