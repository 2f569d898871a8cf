package io.aloft.runtime;

import static io.aloft.runtime.QueuedRunFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.execution.CliContainers;
import io.aloft.runtime.execution.LeftWork;
import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.store.TiKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon restarted mid-run: its dead tries are retried, or resumed when the operator can re-attach. */
class OrphanedTriesIT {

  @Test
  void deadTriesAreRetriedFailedOrResumed() {
    try (Database db = TestDatabase.fresh()) {
      Stores stores = QueuedRunFixture.stores(db);
      OperatorRegistry registry = QueuedRunFixture.plainAndResumable();
      Instant now = Instant.now();
      DagRunRow run = QueuedRunFixture.queuedRun(stores, QueuedRunFixture.dag(task("retried", "Plain", 1, null),
          task("failed", "Plain", 0, null), task("resumed", "Container", 0, null)), now);
      List<TaskInstanceRow> claimed = stores.taskInstances().claimQueued("oldhost:1", 10, now);
      assertThat(claimed).hasSize(3);

      new OrphanedTries(stores, Clock.systemUTC(), registry).recover("oldhost:2");

      assertThat(stores.taskInstances().get(new TiKey("d", "r1", "retried", -1)).orElseThrow().state()).isEqualTo(TaskState.UP_FOR_RETRY);
      TaskInstanceRow failed = stores.taskInstances().get(new TiKey("d", "r1", "failed", -1)).orElseThrow();
      assertThat(failed.state()).isEqualTo(TaskState.FAILED);
      assertThat(failed.note()).contains("oldhost:1").contains("stopped");
      TaskInstanceRow resumed = stores.taskInstances().get(new TiKey("d", "r1", "resumed", -1)).orElseThrow();
      assertThat(resumed.state()).isEqualTo(TaskState.QUEUED);
      assertThat(resumed.resumeTry()).isTrue();
      List<TaskInstanceRow> again = stores.taskInstances().claimQueued("oldhost:2", 10, now);
      assertThat(again).singleElement().satisfies(t -> assertThat(t.tryNumber()).isEqualTo(1));
      assertThat(run.runId()).isEqualTo("r1");
    }
  }

  @Test
  void aDeadTryThatIsNotResumedHasItsRecordedContainerStoppedAndAResumedOneKeepsIt(@TempDir java.nio.file.Path logs)
      throws Exception {
    CliContainers.require();
    String left = CliContainers.startRunning("orphaned-tries-it");
    String kept = CliContainers.startRunning("orphaned-tries-it");
    try (Database db = TestDatabase.fresh()) {
      Stores stores = QueuedRunFixture.stores(db);
      OperatorRegistry registry = new OperatorRegistry();
      registry.register("test", List.of(CliContainers.standIn("Plain", false), CliContainers.standIn("Container", true)));
      Instant now = Instant.now();
      QueuedRunFixture.queuedRun(stores, QueuedRunFixture.dag(task("retried", "Plain", 1, null),
          task("resumed", "Container", 0, null)), now);
      assertThat(stores.taskInstances().claimQueued("oldhost:1", 10, now)).hasSize(2);
      stores.taskInstances().recordWork(new TiKey("d", "r1", "retried", -1), 1, left);
      stores.taskInstances().recordWork(new TiKey("d", "r1", "resumed", -1), 1, kept);

      new OrphanedTries(stores, Clock.systemUTC(), registry,
          new LeftWork(stores, registry, new LogFiles(logs), Clock.systemUTC(), Map.of())).recover("oldhost:2");

      assertThat(stores.taskInstances().get(new TiKey("d", "r1", "retried", -1)).orElseThrow().state())
          .isEqualTo(TaskState.UP_FOR_RETRY);
      assertThat(CliContainers.awaitGone(left)).as("the retried try's container " + left + " removed").isTrue();
      assertThat(stores.taskInstances().get(new TiKey("d", "r1", "resumed", -1)).orElseThrow().resumeTry()).isTrue();
      assertThat(CliContainers.exists(kept)).as("the resumed try re-attaches to its container").isTrue();
    } finally {
      CliContainers.removeQuietly(left);
      CliContainers.removeQuietly(kept);
    }
  }
}
