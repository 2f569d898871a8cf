package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.Schedule;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@code Timetable} subclass written in a DAG file, evaluated ahead: when the file is parsed, its
 * {@code next_dagrun_info} is called in Python over and over, each call given the data interval the one before
 * proposed (as Airflow's scheduler calls it after each run), and the proposed runs come here as a chain. The
 * scheduler then walks the chain without calling Python: the next run is the first one after the last automated
 * run; without catchup, runs already past are skipped up to the latest one due. A manual run gets the interval of
 * the latest proposed run that has ended by then (Airflow asks the timetable's {@code infer_manual_data_interval},
 * which a chain cannot answer for any time), or an exact interval at its own time when none has. Pure and
 * immutable.
 */
final class CustomTimetable implements Timetable {

  private final List<DagRunInfo> chain;

  CustomTimetable(List<Schedule.RunInfo> infos) {
    this.chain = infos.stream()
        .map(i -> new DagRunInfo(i.logicalDate(), new DataInterval(i.dataIntervalStart(), i.dataIntervalEnd()), i.runAfter()))
        .sorted(Comparator.comparing(DagRunInfo::logicalDate))
        .toList();
  }

  @Override
  public Optional<DagRunInfo> nextDagRunInfo(DataInterval lastAutomated, TimeRestriction restriction, Instant now) {
    DagRunInfo next = null;
    for (DagRunInfo info : chain) {
      if (lastAutomated != null && !info.logicalDate().isAfter(lastAutomated.start())) {
        continue;
      }
      if (restriction.latest() != null && info.logicalDate().isAfter(restriction.latest())) {
        break;
      }
      if (next == null) {
        next = info;
      } else if (!restriction.catchup() && info.isDue(now)) {
        next = info; // a later run that is also due: skip the missed one, as without catchup
      } else {
        break;
      }
      if (restriction.catchup()) {
        break;
      }
    }
    return Optional.ofNullable(next);
  }

  @Override
  public DataInterval inferManualDataInterval(Instant runAfter) {
    DataInterval found = null;
    for (DagRunInfo info : chain) {
      if (info.dataInterval().end().isAfter(runAfter)) {
        break;
      }
      found = info.dataInterval();
    }
    return found != null ? found : DataInterval.exact(runAfter);
  }
}
