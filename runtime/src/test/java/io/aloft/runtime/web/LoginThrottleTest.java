package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves. */
  private static final class Manual extends Clock {
    Instant now = Instant.parse("2024-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void delaysGrowPerUserAndAddressAndOtherPairsAreFree() {
    Manual clock = new Manual();
    LoginThrottle t = LoginThrottle.standard(clock);
    for (int i = 0; i < 3; i++) {
      t.failed("airflow", "10.0.0.1");
      assertThat(t.retryAfterSeconds("airflow", "10.0.0.1")).isZero();
    }
    t.failed("airflow", "10.0.0.1");
    assertThat(t.retryAfterSeconds("airflow", "10.0.0.1")).isEqualTo(1);
    clock.now = clock.now.plusSeconds(1);
    t.failed("airflow", "10.0.0.1");
    assertThat(t.retryAfterSeconds("airflow", "10.0.0.1")).isEqualTo(2);
    clock.now = clock.now.plusSeconds(2);
    t.failed("airflow", "10.0.0.1");
    assertThat(t.retryAfterSeconds("airflow", "10.0.0.1")).isEqualTo(4);
    // the right user from another address, and another user from this address, may try now
    assertThat(t.retryAfterSeconds("airflow", "10.0.0.2")).isZero();
    assertThat(t.retryAfterSeconds("bob", "10.0.0.1")).isZero();
    // the delay is capped
    for (int i = 0; i < 40; i++) {
      t.failed("airflow", "10.0.0.1");
    }
    assertThat(t.retryAfterSeconds("airflow", "10.0.0.1")).isEqualTo(Duration.ofMinutes(15).toSeconds());
    // success clears the pair
    t.succeeded("airflow", "10.0.0.1");
    assertThat(t.retryAfterSeconds("airflow", "10.0.0.1")).isZero();
  }

  @Test
  void failuresAreForgottenAfterAQuietHour() {
    Manual clock = new Manual();
    LoginThrottle t = LoginThrottle.standard(clock);
    for (int i = 0; i < 5; i++) {
      t.failed("u", "a");
    }
    clock.now = clock.now.plus(Duration.ofHours(2));
    t.failed("u", "a");
    assertThat(t.retryAfterSeconds("u", "a")).isZero();
  }

  @Test
  void logTextLosesControlCharacters() {
    assertThat(LoginThrottle.clean("bob\nlogin ok: user 'admin'")).doesNotContain("\n");
    assertThat(LoginThrottle.clean("x".repeat(500))).hasSizeLessThan(110);
  }
}
