package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/**
 * {@link Stores#inTransaction}: a transaction PostgreSQL ended to break a lock cycle is run again from the start
 * (its first attempt's writes rolled back), any other failure is not, and a conflict that keeps coming is reported.
 */
class StoresTransactionIT {

  private static UnableToExecuteStatementException conflict(String sqlState) {
    return new UnableToExecuteStatementException(new SQLException("deadlock detected", sqlState), null);
  }

  private static long rows(Database db) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM t").mapTo(Long.class).one());
  }

  @Test
  void aDeadlockedAttemptIsRolledBackAndRunAgain() {
    try (Database db = TestDatabase.fresh()) {
      Stores stores = Stores.over(db, 1 << 20, SecretCipher.generate());
      db.jdbi().useHandle(h -> h.execute("CREATE TABLE t (attempt int)"));
      AtomicInteger attempts = new AtomicInteger();
      String result = stores.inTransaction(h -> {
        int attempt = attempts.incrementAndGet();
        h.execute("INSERT INTO t VALUES (?)", attempt);
        if (attempt == 1) {
          throw conflict("40P01");
        }
        return "done on " + attempt;
      });
      assertThat(result).isEqualTo("done on 2");
      assertThat(rows(db)).as("only the second attempt's row is kept").isEqualTo(1);
      Integer kept = db.jdbi().withHandle(h -> h.createQuery("SELECT attempt FROM t").mapTo(Integer.class).one());
      assertThat(kept).isEqualTo(2);

      attempts.set(0);
      Integer second = stores.inTransaction(h -> {
        if (attempts.incrementAndGet() == 1) {
          throw conflict("40001"); // a serialization failure is retried the same way
        }
        return attempts.get();
      });
      assertThat(second).isEqualTo(2);
    }
  }

  @Test
  void otherFailuresAreNotRetriedAndAConflictThatPersistsIsReported() {
    try (Database db = TestDatabase.fresh()) {
      Stores stores = Stores.over(db, 1 << 20, SecretCipher.generate());
      AtomicInteger attempts = new AtomicInteger();
      assertThatThrownBy(() -> stores.inTransaction(h -> {
        attempts.incrementAndGet();
        throw new IllegalArgumentException("no such task");
      })).isInstanceOf(IllegalArgumentException.class);
      assertThat(attempts).hasValue(1);

      attempts.set(0);
      assertThatThrownBy(() -> stores.inTransaction(h -> {
        attempts.incrementAndGet();
        throw conflict("40P01");
      })).isInstanceOf(UnableToExecuteStatementException.class);
      assertThat(attempts).hasValue(3);
    }
  }
}
