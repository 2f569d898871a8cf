package io.aloft.runtime.scheduler;

import java.time.Instant;
import java.util.Optional;

/** {@code @once}: one automated run at the start date, whatever catchup says (as Airflow since 1.10). */
final class OnceTimetable implements Timetable {

  @Override
  public Optional<DagRunInfo> nextDagRunInfo(
      DataInterval lastAutomated, TimeRestriction restriction, Instant now) {
    if (lastAutomated != null || restriction.earliest() == null) {
      return Optional.empty();
    }
    Instant at = restriction.earliest();
    if (restriction.latest() != null && at.isAfter(restriction.latest())) {
      return Optional.empty();
    }
    return Optional.of(DagRunInfo.exact(at));
  }

  @Override
  public DataInterval inferManualDataInterval(Instant runAfter) {
    return DataInterval.exact(runAfter);
  }
}
