package io.aloft.runtime;

import static io.aloft.runtime.QueuedRunFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.WorkerStore;
import io.aloft.runtime.worker.LostWorkers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The store side of several workers: the claim honours queues, a worker whose heartbeat stopped is found by a
 * scheduler's check and its tries retried or resumed (a live one's untouched), and shipped log chunks read back.
 */
class LostWorkersIT {

  @Test
  void queuesFilterTheClaimAndALostWorkersTriesAreRetriedOrResumed() {
    try (Database db = TestDatabase.fresh()) {
      Stores stores = QueuedRunFixture.stores(db);
      OperatorRegistry registry = QueuedRunFixture.plainAndResumable();
      DagSpec spec = QueuedRunFixture.dag(task("plain", "Plain", 1, null), task("gpu", "Container", 0, "gpu"),
          task("kept", "Plain", 0, "default"));
      assertThat(spec.tasks().get(2).queue()).as("'default' is stored as absent").isNull();
      Instant now = Instant.now();
      QueuedRunFixture.queuedRun(stores, spec, now);

      assertThat(stores.taskInstances().claimQueued("w:1", Set.of("other"), 10, now)).isEmpty();
      assertThat(stores.taskInstances().claimQueued("w:1", Set.of("gpu"), 10, now))
          .extracting(TaskInstanceRow::taskId).containsExactly("gpu");
      assertThat(stores.taskInstances().claimQueued("w:1", Set.of("default"), 1, now))
          .extracting(TaskInstanceRow::taskId).hasSize(1);
      assertThat(stores.taskInstances().claimQueued("w:2", null, 10, now)).as("no queue filter: the rest").hasSize(1);
      String onW2 = stores.jdbi().withHandle(h -> h.createQuery("SELECT task_id FROM task_instance WHERE hostname = 'w:2'")
          .mapTo(String.class).one());

      WorkerStore workers = new WorkerStore(stores.jdbi());
      // what the Workers page shows: running tries per worker, and a worker's latest tries
      assertThat(workers.runningTries()).containsExactlyInAnyOrderEntriesOf(Map.of("w:1", 2, "w:2", 1));
      assertThat(workers.recentTriesOf("w:1", 10)).extracting(t -> t.key().taskId(), WorkerStore.RecentTry::state)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("gpu", "running"),
              org.assertj.core.groups.Tuple.tuple(stores.jdbi().withHandle(h -> h.createQuery(
                  "SELECT task_id FROM task_instance WHERE hostname = 'w:1' AND task_id <> 'gpu'")
                  .mapTo(String.class).one()), "running"));
      assertThat(workers.recentTriesOf("w:1", 1)).hasSize(1);
      assertThat(workers.recentTriesOf("nobody:0", 10)).isEmpty();
      workers.register("w:1", "w", 1, Optional.of(Set.of("gpu", "default")), 4, now.minusSeconds(120));
      workers.register("w:2", "w", 2, Optional.empty(), 4, now);
      // w:1 beat long ago; w:2 just now
      stores.jdbi().useHandle(h -> h.execute("UPDATE worker SET heartbeat_at = now() - interval '2 minutes' WHERE id = 'w:1'"));
      OrphanedTries orphans = new OrphanedTries(stores, Clock.systemUTC(), registry);
      LostWorkers watch = new LostWorkers(workers, Clock.systemUTC(), Duration.ofSeconds(30), orphans::endTriesOf);
      assertThat(watch.check()).isEqualTo(1);
      assertThat(watch.check()).as("each lost worker is handled once").isZero();

      TaskInstanceRow gpu = stores.taskInstances().get(new TiKey("d", "r1", "gpu", -1)).orElseThrow();
      assertThat(gpu.state()).as("a container outlives its worker: resumed").isEqualTo(TaskState.QUEUED);
      String onW1 = "plain".equals(onW2) ? "kept" : "plain"; // both on the default queue: either may be w:1's
      TaskInstanceRow ended = stores.taskInstances().get(new TiKey("d", "r1", onW1, -1)).orElseThrow();
      assertThat(ended.state()).isEqualTo(onW1.equals("plain") ? TaskState.UP_FOR_RETRY : TaskState.FAILED);
      assertThat(stores.taskInstances().get(new TiKey("d", "r1", onW2, -1)).orElseThrow().state())
          .as("the live worker's try runs on").isEqualTo(TaskState.RUNNING);
      assertThat(workers.list()).extracting(WorkerStore.WorkerRow::id, WorkerStore.WorkerRow::state)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("w:2", "running"), org.assertj.core.groups.Tuple.tuple("w:1", "lost"));

      TiKey k = new TiKey("d", "r1", onW2, -1);
      assertThat(workers.shippedLog(k, 1, 0)).isEmpty();
      assertThat(workers.shipLog(k, 1, 0, "one\n".getBytes(StandardCharsets.UTF_8))).isTrue();
      assertThat(workers.shipLog(k, 1, 0, "one\n".getBytes(StandardCharsets.UTF_8))).as("shipped twice (a retried statement)").isTrue();
      workers.shipLog(k, 1, 4, "two\n".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(workers.shippedLog(k, 1, 0).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
      assertThat(new String(workers.shippedLog(k, 1, 2).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("e\ntwo\n");
      assertThat(workers.shippedLog(k, 1, 8).orElseThrow()).as("nothing new yet").isEmpty();
      assertThat(workers.shipLog(new TiKey("d", "gone", "t", -1), 1, 0, new byte[] {1})).as("no such instance").isFalse();
    }
  }
}
