package io.aloft.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.SecretCipher;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.store.WorkerStore;
import io.aloft.runtime.worker.ComponentHeartbeats;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A web server that runs no scheduler answers {@code /health} with the heartbeats the scheduler processes record in
 * the database: the latest of several, the triggerer's too, and a stopped loop stops beating there.
 */
class SchedulerHeartbeatIT {

  @Test
  @SuppressWarnings("unchecked")
  void aProcessWithoutSchedulerSeesTheLatestRecordedHeartbeats() {
    try (Database db = TestDatabase.fresh()) {
      Stores stores = Stores.over(db, 1024, SecretCipher.generate());
      WorkerStore store = new WorkerStore(stores.jdbi());
      Health webOnly = new Health(stores, new SchedulerSignal(() -> { }));
      assertThat(webOnly.schedulerHeartbeat()).as("no scheduler ever ran").isEmpty();
      assertThat(webOnly.triggererHeartbeat()).isEmpty();

      Instant t1 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Optional<Instant>[] schedulerPass = new Optional[] {Optional.of(t1)};
      ComponentHeartbeats a = new ComponentHeartbeats(store, Clock.systemUTC(), "a:1", Map.of(
          WorkerStore.SCHEDULER, () -> schedulerPass[0], WorkerStore.TRIGGERER, Optional::<Instant>empty));
      a.publish();
      assertThat(webOnly.schedulerHeartbeat()).hasValue(t1);
      assertThat(webOnly.triggererHeartbeat()).as("a triggerer that has not passed records nothing").isEmpty();

      // a second scheduler whose loop passed earlier does not hide the first's
      new ComponentHeartbeats(store, Clock.systemUTC(), "b:2", Map.of(
          WorkerStore.SCHEDULER, () -> Optional.of(t1.minusSeconds(40)),
          WorkerStore.TRIGGERER, () -> Optional.of(t1.minusSeconds(3)))).publish();
      assertThat(webOnly.schedulerHeartbeat()).hasValue(t1);
      assertThat(webOnly.triggererHeartbeat()).hasValue(t1.minusSeconds(3));

      // a stuck loop: its last pass is copied again, so the heartbeat ages
      a.publish();
      assertThat(webOnly.schedulerHeartbeat()).hasValue(t1);
      schedulerPass[0] = Optional.of(t1.plusSeconds(5));
      a.publish();
      assertThat(webOnly.schedulerHeartbeat()).hasValue(t1.plusSeconds(5));

      assertThat(store.forgetBeats(t1.plusSeconds(1))).as("the rows older than the cut").isEqualTo(2);
      assertThat(webOnly.schedulerHeartbeat()).hasValue(t1.plusSeconds(5));
    }
  }
}
