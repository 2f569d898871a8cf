package io.aloft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.execution.CliContainers;
import io.aloft.runtime.execution.LeftWork;
import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.NewDagRun;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.store.TiKey;
import io.aloft.sdk.OperatorDescriptor;
import io.aloft.sdk.ResumableOperator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon restarted mid-run: its dead tries are retried, or resumed when the operator can re-attach. */
class OrphanedTriesIT {

  private static TaskSpec task(String id, String operator, int retries) {
    return TaskSpec.builder(id, operator).retries(retries).retryDelaySeconds(0).build();
  }

  @Test
  void deadTriesAreRetriedFailedOrResumed() {
    try (Database db = TestDatabase.fresh()) {
      Stores stores = Stores.over(db, 1024, io.aloft.runtime.store.SecretCipher.generate());
      OperatorRegistry registry = new OperatorRegistry();
      registry.register("test", List.of(
          OperatorDescriptor.builder("Plain").factory(args -> ctx -> null).build(),
          OperatorDescriptor.builder("Container").factory(args -> (ResumableOperator) ctx -> null).build()));
      DagSpec spec = new DagSpec(DagSpec.CURRENT_VERSION, "d", "/d.py", null, null, Schedule.none(), null, null, "UTC", false,
          16, 16, null, List.of(), null, Map.of(), List.of(task("retried", "Plain", 1), task("failed", "Plain", 0),
          task("resumed", "Container", 0)), List.of(), "airflow");
      Instant now = Instant.now();
      String hash = stores.dags().saveParsed(spec, false, now);
      DagRunRow run = stores.runs().create(new NewDagRun("d", "r1", hash, "manual", now, now, now, Map.of(), true), spec, Map.of(), now);
      stores.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET state = 'running'"));
      stores.jdbi().useHandle(h -> h.execute(
          "UPDATE task_instance SET state = 'queued', queued_dttm = now()"));
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
      Stores stores = Stores.over(db, 1024, io.aloft.runtime.store.SecretCipher.generate());
      OperatorRegistry registry = new OperatorRegistry();
      registry.register("test", List.of(CliContainers.standIn("Plain", false), CliContainers.standIn("Container", true)));
      DagSpec spec = new DagSpec(DagSpec.CURRENT_VERSION, "d", "/d.py", null, null, Schedule.none(), null, null, "UTC", false,
          16, 16, null, List.of(), null, Map.of(), List.of(task("retried", "Plain", 1), task("resumed", "Container", 0)),
          List.of(), "airflow");
      Instant now = Instant.now();
      String hash = stores.dags().saveParsed(spec, false, now);
      stores.runs().create(new NewDagRun("d", "r1", hash, "manual", now, now, now, Map.of(), true), spec, Map.of(), now);
      stores.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET state = 'running'"));
      stores.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'queued', queued_dttm = now()"));
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
