package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.Schedule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CronTriggerTimetable, MultipleCronTriggerTimetable and EventsTimetable, as Airflow 2.10 times them. */
class TriggerTimetableTest {

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  private static Schedule trigger(double intervalSeconds, String... crons) {
    return new Schedule("cron_trigger", crons[0], intervalSeconds, null, List.of(crons), null, null, null);
  }

  private static final Instant JAN1 = t("2024-01-01T00:00:00Z");

  @Test
  void cronTriggerRunsAtTheFireTimeWithAZeroLengthInterval() {
    Timetable tt = Timetable.of(trigger(0, "0 6 * * *"), "UTC");
    TimeRestriction r = new TimeRestriction(JAN1, null, true);
    DagRunInfo first = tt.nextDagRunInfo(null, r, t("2024-01-03T00:00:00Z")).orElseThrow();
    assertThat(first).isEqualTo(new DagRunInfo(t("2024-01-01T06:00:00Z"), DataInterval.exact(t("2024-01-01T06:00:00Z")),
        t("2024-01-01T06:00:00Z")));
    DagRunInfo second = tt.nextDagRunInfo(first.dataInterval(), r, t("2024-01-03T00:00:00Z")).orElseThrow();
    assertThat(second.logicalDate()).isEqualTo(t("2024-01-02T06:00:00Z"));
    // Due at the fire time itself, not a day later as with a cron data-interval schedule.
    assertThat(second.isDue(t("2024-01-02T06:00:00Z"))).isTrue();
    assertThat(second.isDue(t("2024-01-02T05:59:59Z"))).isFalse();
  }

  @Test
  void cronTriggerWithAnIntervalCoversThePeriodBeforeTheFireTime() {
    Timetable tt = Timetable.of(trigger(3600, "0 6 * * *"), "UTC");
    DagRunInfo first = tt.nextDagRunInfo(null, new TimeRestriction(JAN1, null, true), t("2024-01-03T00:00:00Z")).orElseThrow();
    assertThat(first.dataInterval()).isEqualTo(new DataInterval(t("2024-01-01T05:00:00Z"), t("2024-01-01T06:00:00Z")));
    assertThat(first.logicalDate()).isEqualTo(t("2024-01-01T05:00:00Z"));
    assertThat(first.runAfter()).isEqualTo(t("2024-01-01T06:00:00Z"));
    assertThat(tt.inferManualDataInterval(t("2024-01-05T10:30:00Z")))
        .isEqualTo(new DataInterval(t("2024-01-05T09:30:00Z"), t("2024-01-05T10:30:00Z")));
  }

  @Test
  void cronTriggerWithoutCatchupStartsAtTheLatestFireTime() {
    Timetable tt = Timetable.of(trigger(0, "0 6 * * *"), "UTC");
    TimeRestriction r = new TimeRestriction(JAN1, null, false);
    assertThat(tt.nextDagRunInfo(null, r, t("2024-01-10T07:00:00Z")).orElseThrow().logicalDate())
        .isEqualTo(t("2024-01-10T06:00:00Z"));
    assertThat(tt.nextDagRunInfo(null, r, t("2024-01-10T06:00:00Z")).orElseThrow().logicalDate())
        .isEqualTo(t("2024-01-10T06:00:00Z"));
  }

  @Test
  void multipleCronsMergeTheirFireTimesInTheirTimezone() {
    Schedule s = new Schedule("cron_trigger", null, 0.0, null, List.of("0 6 * * *", "30 18 * * *"), null, null, "Europe/Paris");
    Timetable tt = Timetable.of(s, "UTC");
    TimeRestriction r = new TimeRestriction(JAN1, t("2024-01-02T12:00:00Z"), true);
    DagRunInfo a = tt.nextDagRunInfo(null, r, t("2024-02-01T00:00:00Z")).orElseThrow();
    assertThat(a.logicalDate()).isEqualTo(t("2024-01-01T05:00:00Z"));
    DagRunInfo b = tt.nextDagRunInfo(a.dataInterval(), r, t("2024-02-01T00:00:00Z")).orElseThrow();
    assertThat(b.logicalDate()).isEqualTo(t("2024-01-01T17:30:00Z"));
    DagRunInfo c = tt.nextDagRunInfo(b.dataInterval(), r, t("2024-02-01T00:00:00Z")).orElseThrow();
    assertThat(c.logicalDate()).isEqualTo(t("2024-01-02T05:00:00Z"));
    // The end date stops it.
    assertThat(tt.nextDagRunInfo(c.dataInterval(), r, t("2024-02-01T00:00:00Z"))).isEmpty();
  }

  private static Schedule deltaTrigger(double deltaSeconds, Double intervalSeconds) {
    return new Schedule("delta_trigger", null, deltaSeconds, null, null, null, null, null, null, intervalSeconds);
  }

  @Test
  void deltaTriggerRunsEveryDeltaFromTheStartDateAtTheFireTime() {
    Timetable tt = Timetable.of(deltaTrigger(6 * 3600, null), "UTC");
    TimeRestriction r = new TimeRestriction(JAN1, t("2024-01-01T13:00:00Z"), true);
    DagRunInfo a = tt.nextDagRunInfo(null, r, t("2024-02-01T00:00:00Z")).orElseThrow();
    // Due at the start date itself (a DeltaDataIntervalTimetable's first run is due a delta later).
    assertThat(a).isEqualTo(DagRunInfo.exact(JAN1));
    DagRunInfo b = tt.nextDagRunInfo(a.dataInterval(), r, t("2024-02-01T00:00:00Z")).orElseThrow();
    assertThat(b).isEqualTo(DagRunInfo.exact(t("2024-01-01T06:00:00Z")));
    DagRunInfo c = tt.nextDagRunInfo(b.dataInterval(), r, t("2024-02-01T00:00:00Z")).orElseThrow();
    assertThat(c.logicalDate()).isEqualTo(t("2024-01-01T12:00:00Z"));
    assertThat(tt.nextDagRunInfo(c.dataInterval(), r, t("2024-02-01T00:00:00Z"))).as("past the end date").isEmpty();
  }

  @Test
  void deltaTriggerWithAnIntervalAndWithoutCatchup() {
    Timetable tt = Timetable.of(deltaTrigger(3600, 1800.0), "UTC");
    TimeRestriction r = new TimeRestriction(JAN1, null, false);
    Instant now = t("2024-03-01T10:17:00Z");
    DagRunInfo first = tt.nextDagRunInfo(null, r, now).orElseThrow();
    assertThat(first.dataInterval()).isEqualTo(new DataInterval(t("2024-03-01T09:47:00Z"), now));
    assertThat(first.isDue(now)).isTrue();
    // The next one is a delta after the last fire time, not due before.
    DagRunInfo next = tt.nextDagRunInfo(first.dataInterval(), r, t("2024-03-01T10:30:00Z")).orElseThrow();
    assertThat(next.runAfter()).isEqualTo(t("2024-03-01T11:17:00Z"));
    assertThat(next.isDue(t("2024-03-01T10:30:00Z"))).isFalse();
    assertThat(tt.inferManualDataInterval(now)).isEqualTo(new DataInterval(t("2024-03-01T09:47:00Z"), now));
  }

  @Test
  void eventsRunOnceEachInOrder() {
    List<Instant> events = List.of(t("2024-03-01T10:00:00Z"), t("2024-01-15T00:00:00Z"), t("2024-02-01T12:00:00Z"));
    Timetable tt = Timetable.of(new Schedule("events", null, null, null, null, events, false, null), "UTC");
    TimeRestriction r = new TimeRestriction(JAN1, null, true);
    DagRunInfo a = tt.nextDagRunInfo(null, r, t("2024-06-01T00:00:00Z")).orElseThrow();
    assertThat(a).isEqualTo(DagRunInfo.exact(t("2024-01-15T00:00:00Z")));
    DagRunInfo b = tt.nextDagRunInfo(a.dataInterval(), r, t("2024-06-01T00:00:00Z")).orElseThrow();
    assertThat(b.logicalDate()).isEqualTo(t("2024-02-01T12:00:00Z"));
    DagRunInfo c = tt.nextDagRunInfo(b.dataInterval(), r, t("2024-06-01T00:00:00Z")).orElseThrow();
    assertThat(tt.nextDagRunInfo(c.dataInterval(), r, t("2024-06-01T00:00:00Z"))).isEmpty();
    // Without catchup the missed events are skipped up to the latest past one.
    TimeRestriction noCatchup = new TimeRestriction(JAN1, null, false);
    assertThat(tt.nextDagRunInfo(null, noCatchup, t("2024-02-10T00:00:00Z")).orElseThrow().logicalDate())
        .isEqualTo(t("2024-02-01T12:00:00Z"));
    assertThat(tt.inferManualDataInterval(t("2024-02-10T00:00:00Z"))).isEqualTo(DataInterval.exact(t("2024-02-10T00:00:00Z")));
  }

  @Test
  void restrictedEventsPinManualRunsToThePreviousEvent() {
    List<Instant> events = List.of(t("2024-01-15T00:00:00Z"), t("2024-02-01T12:00:00Z"));
    Timetable tt = Timetable.of(new Schedule("events", null, null, null, null, events, true, null), "UTC");
    assertThat(tt.inferManualDataInterval(t("2024-02-10T00:00:00Z"))).isEqualTo(DataInterval.exact(t("2024-02-01T12:00:00Z")));
    assertThat(tt.inferManualDataInterval(t("2023-12-01T00:00:00Z"))).isEqualTo(DataInterval.exact(t("2024-01-15T00:00:00Z")));
  }
}
