package io.aloft.runtime.scheduler;

import java.time.Instant;
import java.util.Optional;

/** {@code schedule=None}: only manual runs, whose data interval is the trigger instant. */
final class NullTimetable implements Timetable {

  @Override
  public Optional<DagRunInfo> nextDagRunInfo(
      DataInterval lastAutomated, TimeRestriction restriction, Instant now) {
    return Optional.empty();
  }

  @Override
  public DataInterval inferManualDataInterval(Instant runAfter) {
    return DataInterval.exact(runAfter);
  }
}
