package io.aloft.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * When a DAG runs by itself. {@code type} is one of {@code none}, {@code once}, {@code cron} (with
 * {@code cron}, presets already translated, e.g. {@code @daily} to {@code 0 0 * * *}; Airflow's
 * CronDataIntervalTimetable), {@code timedelta} (with {@code seconds}; DeltaDataIntervalTimetable),
 * {@code continuous}, {@code cron_trigger} (CronTriggerTimetable and MultipleCronTriggerTimetable: {@code crons},
 * and {@code seconds} the data interval's length before each fire time, 0 by default) or {@code events}
 * (EventsTimetable: {@code events}, {@code restrictToEvents}). {@code expression} is what the file said, for
 * display. {@code timezone} is a timetable's own zone when it differs from the DAG's. The fields added for
 * timetables are left out of the JSON when absent, so older specs read and write as before. {@code datasets} is
 * the condition of a data-aware DAG: with type {@code datasets} the DAG runs only on dataset events; on a time
 * type (Airflow's {@code DatasetOrTimeSchedule}) it runs on its timetable and on dataset events. {@code custom}: a
 * {@code Timetable} subclass written in the DAG file, evaluated ahead when the file is parsed into {@code infos}.
 */
public record Schedule(
    String type,
    String cron,
    Double seconds,
    String expression,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> crons,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Instant> events,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean restrictToEvents,
    @JsonInclude(JsonInclude.Include.NON_NULL) String timezone,
    @JsonInclude(JsonInclude.Include.NON_NULL) DatasetCondition datasets,
    // DeltaTriggerTimetable's data interval length (seconds holds its delta); absent for every other type.
    @JsonInclude(JsonInclude.Include.NON_NULL) Double intervalSeconds,
    // Type "custom": the runs a Timetable subclass of the DAG file proposed when the file was parsed (RunInfo).
    @JsonInclude(JsonInclude.Include.NON_NULL) List<RunInfo> infos) {

  /**
   * One run a DAG file's own {@code Timetable} subclass proposed ({@code next_dagrun_info}), chained from the one
   * before: its logical date, data interval and the time it may be created.
   */
  public record RunInfo(Instant logicalDate, Instant dataIntervalStart, Instant dataIntervalEnd, Instant runAfter) {}

  public Schedule(
      String type, String cron, Double seconds, String expression, List<String> crons, List<Instant> events,
      Boolean restrictToEvents, String timezone, DatasetCondition datasets, Double intervalSeconds) {
    this(type, cron, seconds, expression, crons, events, restrictToEvents, timezone, datasets, intervalSeconds, null);
  }

  public Schedule(String type, String cron, Double seconds, String expression) {
    this(type, cron, seconds, expression, null, null, null, null, null);
  }

  public Schedule(
      String type, String cron, Double seconds, String expression, List<String> crons, List<Instant> events,
      Boolean restrictToEvents, String timezone) {
    this(type, cron, seconds, expression, crons, events, restrictToEvents, timezone, null, null);
  }

  public Schedule(
      String type, String cron, Double seconds, String expression, List<String> crons, List<Instant> events,
      Boolean restrictToEvents, String timezone, DatasetCondition datasets) {
    this(type, cron, seconds, expression, crons, events, restrictToEvents, timezone, datasets, null);
  }

  public static Schedule none() {
    return new Schedule("none", null, null, null);
  }
}
