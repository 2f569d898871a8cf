package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.runtime.model.Schedule;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimetableTest {

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  private static final Schedule DAILY = new Schedule("cron", "0 0 * * *", null, "@daily");
  private static final Instant JAN1 = t("2024-01-01T00:00:00Z");
  private static final Instant NOW = t("2024-01-03T12:00:00Z");

  private static DagRunInfo next(Timetable tt, DataInterval last, TimeRestriction r, Instant now) {
    return tt.nextDagRunInfo(last, r, now).orElseThrow();
  }

  @Test
  void cronWithCatchupRunsEveryMissedIntervalOnceItEnds() {
    Timetable tt = Timetable.of(DAILY, "UTC");
    TimeRestriction r = new TimeRestriction(JAN1, null, true);
    DagRunInfo first = next(tt, null, r, NOW);
    assertThat(first).isEqualTo(new DagRunInfo(JAN1, new DataInterval(JAN1, t("2024-01-02T00:00:00Z")), t("2024-01-02T00:00:00Z")));
    assertThat(first.isDue(NOW)).isTrue();
    DagRunInfo second = next(tt, first.dataInterval(), r, NOW);
    assertThat(second.logicalDate()).isEqualTo(t("2024-01-02T00:00:00Z"));
    DagRunInfo third = next(tt, second.dataInterval(), r, NOW);
    assertThat(third.logicalDate()).isEqualTo(t("2024-01-03T00:00:00Z"));
    assertThat(third.isDue(NOW)).isFalse();
  }

  @Test
  void cronWithoutCatchupRunsOnlyTheLatestCompleteInterval() {
    Timetable tt = Timetable.of(DAILY, "UTC");
    TimeRestriction r = new TimeRestriction(JAN1, null, false);
    DagRunInfo first = next(tt, null, r, NOW);
    assertThat(first.dataInterval()).isEqualTo(new DataInterval(t("2024-01-02T00:00:00Z"), t("2024-01-03T00:00:00Z")));
    DagRunInfo second = next(tt, first.dataInterval(), r, NOW);
    assertThat(second.logicalDate()).isEqualTo(t("2024-01-03T00:00:00Z"));
    assertThat(second.isDue(NOW)).isFalse();
    // On an exact boundary the interval that just ended is the latest.
    assertThat(next(tt, null, r, t("2024-01-03T00:00:00Z")).logicalDate()).isEqualTo(t("2024-01-02T00:00:00Z"));
  }

  @Test
  void unalignedStartDateWaitsForTheFirstSchedulePoint() {
    Timetable tt = Timetable.of(DAILY, "UTC");
    var r = new TimeRestriction(t("2024-01-01T10:00:00Z"), null, true);
    assertThat(next(tt, null, r, NOW).logicalDate()).isEqualTo(t("2024-01-02T00:00:00Z"));
  }

  @Test
  void cronIsEvaluatedInTheDagTimezone() {
    Timetable tt = Timetable.of(DAILY, "America/New_York");
    var r = new TimeRestriction(t("2024-01-01T05:00:00Z"), null, true);
    assertThat(next(tt, null, r, NOW).dataInterval())
        .isEqualTo(new DataInterval(t("2024-01-01T05:00:00Z"), t("2024-01-02T05:00:00Z")));
  }

  @Test
  void endDateStopsScheduling() {
    Timetable tt = Timetable.of(DAILY, "UTC");
    var r = new TimeRestriction(JAN1, t("2024-01-01T12:00:00Z"), true);
    DagRunInfo first = next(tt, null, r, NOW);
    assertThat(tt.nextDagRunInfo(first.dataInterval(), r, NOW)).isEmpty();
  }

  @Test
  void timedelta() {
    Timetable tt = Timetable.of(new Schedule("timedelta", null, 6 * 3600.0, "timedelta(hours=6)"), "UTC");
    var catchup = new TimeRestriction(JAN1, null, true);
    DagRunInfo first = next(tt, null, catchup, NOW);
    assertThat(first.dataInterval()).isEqualTo(new DataInterval(JAN1, t("2024-01-01T06:00:00Z")));
    assertThat(next(tt, first.dataInterval(), catchup, NOW).logicalDate()).isEqualTo(t("2024-01-01T06:00:00Z"));
    // Without catchup: now rounded down to 6h (12:00) minus one delta.
    var latest = new TimeRestriction(JAN1, null, false);
    assertThat(next(tt, null, latest, t("2024-01-03T13:00:00Z")).dataInterval())
        .isEqualTo(new DataInterval(t("2024-01-03T06:00:00Z"), t("2024-01-03T12:00:00Z")));
    assertThat(tt.inferManualDataInterval(NOW)).isEqualTo(new DataInterval(t("2024-01-03T06:00:00Z"), NOW));
  }

  @Test
  void manualRunsOfACronDagCoverTheLastCompleteInterval() {
    Timetable tt = Timetable.of(DAILY, "UTC");
    assertThat(tt.inferManualDataInterval(t("2024-01-25T01:00:00Z")))
        .isEqualTo(new DataInterval(t("2024-01-24T00:00:00Z"), t("2024-01-25T00:00:00Z")));
    assertThat(tt.inferManualDataInterval(t("2024-01-25T00:00:00Z")))
        .isEqualTo(new DataInterval(t("2024-01-24T00:00:00Z"), t("2024-01-25T00:00:00Z")));
  }

  @Test
  void noneAndOnce() {
    Timetable none = Timetable.of(Schedule.none(), "UTC");
    assertThat(none.nextDagRunInfo(null, new TimeRestriction(JAN1, null, true), NOW)).isEmpty();
    assertThat(none.inferManualDataInterval(NOW)).isEqualTo(DataInterval.exact(NOW));

    Timetable once = Timetable.of(new Schedule("once", null, null, "@once"), "UTC");
    var r = new TimeRestriction(JAN1, null, false);
    DagRunInfo only = next(once, null, r, NOW);
    assertThat(only).isEqualTo(new DagRunInfo(JAN1, DataInterval.exact(JAN1), JAN1));
    assertThat(once.nextDagRunInfo(only.dataInterval(), r, NOW)).isEqualTo(Optional.empty());
  }

  @Test
  void continuousRunsFromTheLastEndToNow() {
    Timetable tt = Timetable.of(new Schedule("continuous", null, null, "@continuous"), "UTC");
    var r = new TimeRestriction(JAN1, null, false);
    DagRunInfo first = next(tt, null, r, NOW);
    assertThat(first.dataInterval()).isEqualTo(new DataInterval(JAN1, NOW));
    Instant later = NOW.plusSeconds(60);
    assertThat(next(tt, first.dataInterval(), r, later).dataInterval()).isEqualTo(new DataInterval(NOW, later));
  }

  @Test
  void invalidCronSaysWhy() {
    assertThatThrownBy(() -> Timetable.of(new Schedule("cron", "61 * * * *", null, null), "UTC"))
        .hasMessageContaining("invalid cron expression '61 * * * *'");
  }
}
