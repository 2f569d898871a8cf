package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.TaskSpec.SensorSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.SensorPolicy.PokeAgain;
import io.aloft.runtime.scheduler.SensorPolicy.TimedOut;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SensorPolicyTest {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  private static SensorPolicy policy(boolean softFail, boolean exp, Double maxWait) {
    return new SensorPolicy("d", "s", new SensorSpec("reschedule", 60, 3600, softFail, exp, maxWait));
  }

  @Test
  void pokesAgainAfterThePokeInterval() {
    var step = policy(false, false, null).afterUnsatisfiedPoke(START, START.plusSeconds(100), 2);
    assertThat(step).isEqualTo(new PokeAgain(START.plusSeconds(160), Duration.ofSeconds(60)));
  }

  @Test
  void exponentialBackoffMatchesAirflow() {
    // CPython with Airflow 2.10's _get_next_poke_interval: 32, 80, 143, 318 seconds.
    SensorPolicy p = policy(false, true, null);
    Instant now = START.plusSeconds(100);
    long[] expected = {32, 80, 143, 318};
    for (int i = 0; i < expected.length; i++) {
      assertThat(((PokeAgain) p.afterUnsatisfiedPoke(START, now, i + 1)).interval())
          .isEqualTo(Duration.ofSeconds(expected[i]));
    }
    assertThat(((PokeAgain) policy(false, true, 100.0).afterUnsatisfiedPoke(START, now, 4)).interval())
        .isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void backoffNeverPassesTheTimeout() {
    var step = (PokeAgain) policy(false, true, null).afterUnsatisfiedPoke(START, START.plusSeconds(3590), 10);
    assertThat(step.interval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void timesOutFromTheFirstStartAndSoftFailSkips() {
    Instant late = START.plusSeconds(3601);
    assertThat(policy(false, false, null).afterUnsatisfiedPoke(START, late, 60))
        .isInstanceOfSatisfying(TimedOut.class, t -> {
          assertThat(t.state()).isEqualTo(TaskState.FAILED);
          assertThat(t.message()).contains("timeout of 3600");
        });
    assertThat(policy(true, false, null).afterUnsatisfiedPoke(START, late, 60))
        .isInstanceOfSatisfying(TimedOut.class, t -> assertThat(t.state()).isEqualTo(TaskState.SKIPPED));
    assertThat(policy(true, false, null).onPokeError()).isEqualTo(TaskState.SKIPPED);
  }
}
