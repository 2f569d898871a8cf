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
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TriggerStore;
import io.aloft.runtime.trigger.Triggerer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deferrable ExternalTaskSensor waits in the triggerer on a WorkflowTrigger (a store query per poke_interval),
 * deferring once rather than once per poke, and resumes when the other DAG's task succeeded or failed.
 */
class ExternalTaskTriggerIT {

  private static final TaskSpec.SensorSpec POKE = new TaskSpec.SensorSpec("poke", 0.5, 600, false, false, null);

  private static TaskInstanceRow ti(TestEngine e, String dagId, String runId, String taskId) {
    return e.stores.taskInstances().listForRun(dagId, runId).stream().filter(t -> t.taskId().equals(taskId))
        .findFirst().orElseThrow();
  }

  private static TaskSpec sensor(String id, String externalTask) {
    return with(with(task(id, "ExternalTaskSensor", Map.of("external_dag_id", "upstream", "external_task_id",
        externalTask, "failed_states", List.of("failed"), "deferrable", true, "poke_interval", 0.5), List.of()),
        "sensor", POKE), "retries", 0);
  }

  @Test
  void theSensorWaitsInTheTriggererUntilTheOtherTaskEnds() throws Exception {
    try (TestEngine e = new TestEngine();
        Triggerer t = new Triggerer(new TriggerStore(e.stores.jdbi()), e.stores.runs(), Clock.systemUTC(), "test:1",
            e.scheduler::wake)) {
      t.start();
      e.save(dag("upstream", bash("gate", "sleep 4"), bash("work", "echo done", "gate"),
          bash("breaks", "exit 1", "gate")));
      e.save(dag("downstream", sensor("wait_work", "work"), sensor("wait_breaks", "breaks")));
      Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      DagRunRow down = e.trigger.trigger("downstream", null, Map.of(), at);
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (ti(e, "downstream", down.runId(), "wait_work").state() != TaskState.DEFERRED && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      DagRunRow up = e.trigger.trigger("upstream", null, Map.of(), at);
      DagRunRow done = e.await("downstream", down.runId(), Duration.ofSeconds(90));
      assertThat(e.await("upstream", up.runId(), Duration.ofSeconds(30)).state()).isEqualTo(RunState.FAILED);
      assertThat(done.state()).isEqualTo(RunState.FAILED);

      TaskInstanceRow work = ti(e, "downstream", down.runId(), "wait_work");
      assertThat(work.state()).isEqualTo(TaskState.SUCCESS);
      assertThat(work.tryNumber()).isEqualTo(1);
      String log = e.log("downstream", down.runId(), "wait_work", 1);
      assertThat(log).contains("airflow.triggers.external_task.WorkflowTrigger").contains("Success criteria met");
      // one deferral for the whole wait (> 4 s at a 0.5 s poke_interval), not one per poke
      assertThat(log.split("Pausing task as DEFERRED", -1)).as(log).hasSize(2);

      assertThat(ti(e, "downstream", down.runId(), "wait_breaks").state()).isEqualTo(TaskState.FAILED);
      assertThat(e.log("downstream", down.runId(), "wait_breaks", 1)).contains("in DAG upstream failed");
    }
  }
}
