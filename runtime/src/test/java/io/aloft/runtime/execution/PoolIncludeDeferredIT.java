package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static io.aloft.runtime.execution.Specs.dag;
import static io.aloft.runtime.execution.Specs.task;
import static io.aloft.runtime.execution.Specs.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.PoolRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TriggerStore;
import io.aloft.runtime.trigger.Triggerer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Airflow's pool flag {@code include_deferred} over real PostgreSQL: a deferred task holds no slot of a plain pool,
 * but one of a pool that includes deferred tasks, so another task of that pool waits until the deferred one ends;
 * and what the API shows of a deferred instance's trigger ({@link TriggerStore#ofRun}).
 */
class PoolIncludeDeferredIT {

  private static final TaskSpec.SensorSpec POKE = new TaskSpec.SensorSpec("poke", 1.0, 600, false, false, null);

  private static TaskInstanceRow ti(TestEngine e, String runId, String taskId) {
    return e.stores.taskInstances().listForRun("counted", runId).stream().filter(t -> t.taskId().equals(taskId))
        .findFirst().orElseThrow();
  }

  @Test
  void aDeferredTaskHoldsASlotOfAPoolThatIncludesDeferredTasks() throws Exception {
    try (TestEngine e = new TestEngine();
        Triggerer t = new Triggerer(new TriggerStore(e.stores.jdbi()), e.stores.runs(), Clock.systemUTC(), "test:1",
            e.scheduler::wake)) {
      t.start();
      e.stores.pools().set("counted", 1, "one slot, deferred tasks included", true);
      TaskSpec sensor = with(with(task("wait", "TimeDeltaSensor", Map.of("delta", 10.0, "deferrable", true), List.of()),
          "sensor", POKE), "pool", "counted");
      e.save(dag("counted", sensor, bash("gate", "sleep 1"), with(bash("after", "echo ran", "gate"), "pool", "counted")));
      DagRunRow run = e.trigger.trigger("counted", null, Map.of(), null);
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (ti(e, run.runId(), "gate").state() != TaskState.SUCCESS && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      Thread.sleep(1500); // scheduler passes that would have started `after` in a plain pool
      assertThat(ti(e, run.runId(), "wait").state()).isEqualTo(TaskState.DEFERRED);
      assertThat(ti(e, run.runId(), "after").state()).as("the deferred sensor holds the only slot")
          .isNotIn(TaskState.RUNNING, TaskState.SUCCESS, TaskState.QUEUED);
      PoolRow pool = e.stores.pools().get("counted").orElseThrow();
      assertThat(pool.includeDeferred()).isTrue();
      assertThat(pool.deferred()).isEqualTo(1);
      assertThat(pool.open()).isZero();

      List<TriggerStore.Described> triggers = new TriggerStore(e.stores.jdbi()).ofRun("counted", run.runId());
      assertThat(triggers).singleElement().satisfies(d -> {
        assertThat(d.taskId()).isEqualTo("wait");
        assertThat(d.classpath()).isEqualTo("airflow.triggers.temporal.DateTimeTrigger");
        assertThat(d.triggererId()).isEqualTo("test:1");
        assertThat(d.leaseUntil()).isAfter(d.createdDate());
      });

      DagRunRow done = e.await("counted", run.runId(), Duration.ofSeconds(90));
      assertThat(done.state()).isEqualTo(RunState.SUCCESS);
      // `after` got the slot only once the sensor's trigger fired (its 10 s delta) and the sensor left `deferred`
      assertThat(ti(e, run.runId(), "after").startDate()).isAfterOrEqualTo(run.logicalDate().plusSeconds(10));
    }
  }

  @Test
  void aPlainPoolLetsOthersRunWhileItsTaskIsDeferred() throws Exception {
    try (TestEngine e = new TestEngine();
        Triggerer t = new Triggerer(new TriggerStore(e.stores.jdbi()), e.stores.runs(), Clock.systemUTC(), "test:1",
            e.scheduler::wake)) {
      t.start();
      e.stores.pools().set("counted", 1, "one slot", false);
      TaskSpec sensor = with(with(task("wait", "TimeDeltaSensor", Map.of("delta", 20.0, "deferrable", true), List.of()),
          "sensor", POKE), "pool", "counted");
      e.save(dag("counted", sensor, bash("gate", "sleep 1"), with(bash("after", "echo ran", "gate"), "pool", "counted")));
      DagRunRow run = e.trigger.trigger("counted", null, Map.of(), null);
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (ti(e, run.runId(), "after").state() != TaskState.SUCCESS && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat(ti(e, run.runId(), "after").state()).isEqualTo(TaskState.SUCCESS);
      assertThat(ti(e, run.runId(), "wait").state()).isEqualTo(TaskState.DEFERRED);
      PoolRow pool = e.stores.pools().get("counted").orElseThrow();
      assertThat(pool.deferred()).isEqualTo(1);
      assertThat(pool.open()).isEqualTo(1);
    }
  }
}
