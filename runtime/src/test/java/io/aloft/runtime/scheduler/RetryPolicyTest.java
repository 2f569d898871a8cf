package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant LOGICAL = Instant.parse("2024-01-01T00:00:00Z");

  private static long delay(int tryNumber, boolean exp, Double max) {
    return RetryPolicy.retryDelay("d", "t", LOGICAL, tryNumber, 60, exp, max).toSeconds();
  }

  @Test
  void plainDelayIgnoresMaxRetryDelayLikeAirflow() {
    assertThat(delay(1, false, null)).isEqualTo(60);
    assertThat(delay(5, false, 10.0)).isEqualTo(60);
  }

  @Test
  void exponentialBackoffMatchesAirflowsHashedJitter() {
    // Expected values computed with Airflow 2.10's formula in CPython (sha1 of dag#task#logical#try).
    assertThat(delay(1, true, null)).isEqualTo(89);
    assertThat(delay(2, true, null)).isEqualTo(146);
    assertThat(delay(3, true, null)).isEqualTo(476);
    assertThat(delay(20, true, null)).isEqualTo(86_400);
    assertThat(delay(3, true, 300.0)).isEqualTo(300);
  }

  @Test
  void zeroDelayBacksOffAtLeastOneSecond() {
    assertThat(RetryPolicy.retryDelay("d", "t", LOGICAL, 1, 0, true, null))
        .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void retriesRemain() {
    assertThat(RetryPolicy.hasRetriesLeft(1, 0)).isFalse();
    assertThat(RetryPolicy.hasRetriesLeft(1, 2)).isTrue();
    assertThat(RetryPolicy.hasRetriesLeft(2, 2)).isTrue();
    assertThat(RetryPolicy.hasRetriesLeft(3, 2)).isFalse();
  }

  @Test
  void nextRetryIsFromTheTrysEnd() {
    var task = Dags.task("t");
    Instant end = Instant.parse("2024-01-02T10:00:00Z");
    assertThat(RetryPolicy.nextRetryAt("d", task, LOGICAL, 1, end)).isEqualTo(end.plusSeconds(300));
  }

  @Test
  void pythonIsoPrintsMicrosOnlyWhenPresent() {
    assertThat(Backoff.pythonIso(LOGICAL)).isEqualTo("2024-01-01T00:00:00+00:00");
    assertThat(Backoff.pythonIso(LOGICAL.plusNanos(1_500_000))).isEqualTo("2024-01-01T00:00:00.001500+00:00");
  }
}
