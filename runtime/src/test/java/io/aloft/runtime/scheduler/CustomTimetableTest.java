package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.Schedule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A DAG file's own Timetable subclass, evaluated ahead into a chain of runs that the scheduler walks. */
class CustomTimetableTest {

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  /** Workdays' runs: Friday 5th, Monday 8th, Tuesday 9th January 2024, each covering its day. */
  private static final List<Schedule.RunInfo> WORKDAYS = List.of(
      day("2024-01-05"), day("2024-01-08"), day("2024-01-09"));

  private static Schedule.RunInfo day(String date) {
    Instant start = t(date + "T00:00:00Z");
    Instant end = start.plusSeconds(86400);
    return new Schedule.RunInfo(start, start, end, end);
  }

  private static Timetable workdays() {
    return Timetable.of(new Schedule("custom", null, null, "AfterWorkday", null, null, null, null, null, null, WORKDAYS), "UTC");
  }

  @Test
  void withCatchupEachRunFollowsTheLastAutomatedOne() {
    TimeRestriction r = new TimeRestriction(t("2024-01-01T00:00:00Z"), null, true);
    Instant now = t("2024-01-20T00:00:00Z");
    DagRunInfo first = workdays().nextDagRunInfo(null, r, now).orElseThrow();
    assertThat(first.logicalDate()).isEqualTo(t("2024-01-05T00:00:00Z"));
    assertThat(first.runAfter()).isEqualTo(t("2024-01-06T00:00:00Z"));
    DagRunInfo second = workdays().nextDagRunInfo(first.dataInterval(), r, now).orElseThrow();
    assertThat(second.logicalDate()).isEqualTo(t("2024-01-08T00:00:00Z"));
    DagRunInfo third = workdays().nextDagRunInfo(second.dataInterval(), r, now).orElseThrow();
    // The chain's end: no run is known after the last one the file proposed.
    assertThat(workdays().nextDagRunInfo(third.dataInterval(), r, now)).isEmpty();
  }

  @Test
  void withoutCatchupMissedRunsAreSkippedUpToTheLatestDueOne() {
    TimeRestriction r = new TimeRestriction(t("2024-01-01T00:00:00Z"), null, false);
    DagRunInfo next = workdays().nextDagRunInfo(null, r, t("2024-01-09T12:00:00Z")).orElseThrow();
    assertThat(next.logicalDate()).isEqualTo(t("2024-01-08T00:00:00Z"));
    // Nothing due yet: the first run is proposed, to be created when it is due.
    DagRunInfo early = workdays().nextDagRunInfo(null, r, t("2024-01-02T00:00:00Z")).orElseThrow();
    assertThat(early.logicalDate()).isEqualTo(t("2024-01-05T00:00:00Z"));
    assertThat(early.isDue(t("2024-01-02T00:00:00Z"))).isFalse();
  }

  @Test
  void theEndDateStopsTheChain() {
    TimeRestriction r = new TimeRestriction(t("2024-01-01T00:00:00Z"), t("2024-01-07T00:00:00Z"), true);
    DagRunInfo first = workdays().nextDagRunInfo(null, r, t("2024-01-20T00:00:00Z")).orElseThrow();
    assertThat(workdays().nextDagRunInfo(first.dataInterval(), r, t("2024-01-20T00:00:00Z"))).isEmpty();
  }

  @Test
  void aManualRunGetsTheLatestProposedIntervalThatHasEnded() {
    assertThat(workdays().inferManualDataInterval(t("2024-01-09T10:00:00Z")))
        .isEqualTo(new DataInterval(t("2024-01-08T00:00:00Z"), t("2024-01-09T00:00:00Z")));
    assertThat(workdays().inferManualDataInterval(t("2024-01-03T10:00:00Z")))
        .isEqualTo(DataInterval.exact(t("2024-01-03T10:00:00Z")));
  }
}
