package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StoreOutageTest {

  private static RuntimeException wrapped(Throwable cause) {
    return new IllegalStateException("jdbi", cause);
  }

  @Test
  void tellsAnUnreachableStoreFromARefusedStatement() {
    assertThat(StoreOutage.isUnavailable(wrapped(new SQLTransientConnectionException("aloft-db - Connection is not available")))).isTrue();
    assertThat(StoreOutage.isUnavailable(wrapped(new SQLException("I/O error", "08006")))).isTrue();
    assertThat(StoreOutage.isUnavailable(wrapped(new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
    assertThat(StoreOutage.isUnavailable(wrapped(new SQLException("the database system is starting up", "57P03")))).isTrue();
    assertThat(StoreOutage.isUnavailable(wrapped(new SQLException("refused", new ConnectException("Connection refused"))))).isTrue();

    assertThat(StoreOutage.isUnavailable(wrapped(new SQLException("invalid byte sequence", "22021")))).isFalse();
    assertThat(StoreOutage.isUnavailable(wrapped(new SQLException("duplicate key", "23505")))).isFalse();
    assertThat(StoreOutage.isUnavailable(new IllegalArgumentException("no"))).isFalse();
  }

  @Test
  void retryRepeatsWhileTheStoreIsAwayAndThrowsAnythingElseAtOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String result = StoreOutage.retry(LoggerFactory.getLogger(StoreOutageTest.class), "test", () -> {
      if (calls.incrementAndGet() < 3) {
        throw wrapped(new SQLException("gone", "08001"));
      }
      return "written";
    });
    assertThat(result).isEqualTo("written");
    assertThat(calls).hasValue(3);

    AtomicInteger refused = new AtomicInteger();
    assertThatThrownBy(() -> StoreOutage.retry(LoggerFactory.getLogger(StoreOutageTest.class), "test", () -> {
      refused.incrementAndGet();
      throw wrapped(new SQLException("bad", "22021"));
    })).hasRootCauseMessage("bad");
    assertThat(refused).hasValue(1);
  }

  @Test
  void anOutageIsNotedOnceUntilTheStoreAnswersAgain() {
    StoreOutage outage = new StoreOutage(LoggerFactory.getLogger(StoreOutageTest.class), "test");
    assertThat(outage.failed(wrapped(new SQLException("gone", "08001")))).isTrue();
    assertThat(outage.isDown()).isTrue();
    assertThat(outage.failed(new IllegalStateException("a bug"))).isFalse();
    outage.recovered();
    assertThat(outage.isDown()).isFalse();
  }
}
