package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.scheduler.RunAdmission.QueuedRun;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunAdmissionTest {

  private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void startsOldestQueuedRunsUpToTheLimit() {
    var queued =
        List.of(new QueuedRun("c", T.plusSeconds(20), T), new QueuedRun("a", T, T),
            new QueuedRun("b", T.plusSeconds(10), T));
    assertThat(RunAdmission.runsToStart(2, 0, queued)).containsExactly("a", "b");
    assertThat(RunAdmission.runsToStart(2, 1, queued)).containsExactly("a");
    assertThat(RunAdmission.runsToStart(2, 2, queued)).isEmpty();
  }

  @Test
  void scheduledRunsWaitWhileQueuedAndRunningReachTheLimit() {
    assertThat(RunAdmission.mayCreateScheduledRun(1, 0)).isTrue();
    assertThat(RunAdmission.mayCreateScheduledRun(1, 1)).isFalse();
  }

  @Test
  void dagrunTimeout() {
    assertThat(RunAdmission.isTimedOut(T, 60.0, T.plusSeconds(60))).isFalse();
    assertThat(RunAdmission.isTimedOut(T, 60.0, T.plusSeconds(61))).isTrue();
    assertThat(RunAdmission.isTimedOut(T, null, T.plusSeconds(6000))).isFalse();
    assertThat(RunAdmission.isTimedOut(null, 60.0, T.plusSeconds(6000))).isFalse();
  }
}
