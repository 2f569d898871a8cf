package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a DAG runs by itself, with Airflow 2's timetable semantics: a cron or timedelta run covers the
 * interval {@code [start, end)}, has logical date {@code start} and is created once {@code end} has
 * passed; without catchup only the latest complete interval runs. Pure: "now" is a parameter.
 *
 * <p>Use: {@code Timetable.of(dag).nextDagRunInfo(lastAutomatedInterval, Timetable.restriction(dag),
 * now)}, creating the run when {@link DagRunInfo#isDue}; call again with the new run's interval to catch
 * up further.
 */
public sealed interface Timetable
    permits NullTimetable, OnceTimetable, IntervalTimetable, ContinuousTimetable, TriggerTimetable,
        EventsTimetable, CustomTimetable {

  /**
   * The next automated run after the one whose data interval was {@code lastAutomated} (null when
   * there was none), or empty when the DAG will not run by itself again.
   */
  Optional<DagRunInfo> nextDagRunInfo(
      DataInterval lastAutomated, TimeRestriction restriction, Instant now);

  /** The data interval of a run triggered by hand at {@code runAfter} (its logical date). */
  DataInterval inferManualDataInterval(Instant runAfter);

  /** Whether runs come at regular intervals (cron or timedelta). */
  default boolean periodic() {
    return false;
  }

  /** The timetable of a DAG's schedule, evaluated in the DAG's timezone. */
  static Timetable of(DagSpec dag) {
    return of(dag.schedule(), dag.timezone());
  }

  static Timetable of(Schedule schedule, String timezone) {
    if (schedule == null) {
      return new NullTimetable();
    }
    if (schedule.timezone() != null && !schedule.timezone().isBlank()) {
      timezone = schedule.timezone();
    }
    ZoneId zone = timezone == null || timezone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timezone);
    String type = schedule.type() == null ? "none" : schedule.type().toLowerCase(Locale.ROOT);
    return switch (type) {
      // Data-aware only: runs come from dataset events (DatasetTriggers), never from the clock.
      case "none", "datasets" -> new NullTimetable();
      case "once" -> new OnceTimetable();
      case "continuous" -> new ContinuousTimetable();
      case "cron" -> new CronTimetable(schedule.cron(), zone);
      case "timedelta" -> {
        if (schedule.seconds() == null || schedule.seconds() <= 0) {
          throw new IllegalArgumentException("a timedelta schedule needs a positive duration");
        }
        yield new DeltaTimetable(Duration.ofMillis(Math.round(schedule.seconds() * 1000)));
      }
      case "cron_trigger" -> new CronTriggerTimetable(
          schedule.crons() != null && !schedule.crons().isEmpty() ? schedule.crons() : List.of(String.valueOf(schedule.cron())),
          Duration.ofMillis(Math.round((schedule.seconds() == null ? 0 : schedule.seconds()) * 1000)), zone);
      case "delta_trigger" -> {
        if (schedule.seconds() == null || schedule.seconds() <= 0) {
          throw new IllegalArgumentException("a DeltaTriggerTimetable needs a positive delta");
        }
        yield new DeltaTriggerTimetable(Duration.ofMillis(Math.round(schedule.seconds() * 1000)),
            Duration.ofMillis(Math.round((schedule.intervalSeconds() == null ? 0 : schedule.intervalSeconds()) * 1000)));
      }
      case "events" -> new EventsTimetable(
          schedule.events() == null ? List.of() : schedule.events(), Boolean.TRUE.equals(schedule.restrictToEvents()));
      case "custom" -> new CustomTimetable(schedule.infos() == null ? List.of() : schedule.infos());
      default ->
          throw new IllegalArgumentException(
              "unknown schedule type '%s': expected none, once, cron, timedelta, continuous, cron_trigger, delta_trigger, events, custom or datasets"
                  .formatted(schedule.type()));
    };
  }

  static TimeRestriction restriction(DagSpec dag) {
    return new TimeRestriction(dag.startDate(), dag.endDate(), dag.catchup());
  }
}
