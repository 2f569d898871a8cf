package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static io.aloft.runtime.execution.Specs.dag;
import static io.aloft.runtime.execution.Specs.task;
import static io.aloft.runtime.execution.Specs.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.execution.builtin.BuiltinOperators;
import io.aloft.runtime.execution.template.TemplateRenderer;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.runtime.scheduler.ScheduledRuns;
import io.aloft.runtime.scheduler.SchedulerLoop;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TriggerStore;
import io.aloft.runtime.trigger.Triggerer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deferrable built-in sensors and operators over real PostgreSQL (no Python): a deferred task frees its pool slot,
 * resumes in the same try once its trigger fires, and with two daemons (two triggerers) on one database every
 * trigger fires exactly once.
 */
class DeferredTasksIT {

  private static final TaskSpec.SensorSpec POKE = new TaskSpec.SensorSpec("poke", 1.0, 600, false, false, null);

  private static TaskSpec asyncDelta(String id, double seconds) {
    return with(task(id, "TimeDeltaSensor", Map.of("delta", seconds, "deferrable", true), List.of()), "sensor", POKE);
  }

  private static Triggerer triggerer(TestEngine e, String id) {
    Triggerer t = new Triggerer(new TriggerStore(e.stores.jdbi()), e.stores.runs(), Clock.systemUTC(), id,
        e.scheduler::wake);
    t.start();
    return t;
  }

  private static TaskInstanceRow ti(TestEngine e, String dagId, String runId, String taskId) {
    return e.stores.taskInstances().listForRun(dagId, runId).stream().filter(t -> t.taskId().equals(taskId))
        .findFirst().orElseThrow();
  }

  @Test
  void deferredSensorsHoldNoPoolSlotAndResumeInTheSameTry() throws Exception {
    try (TestEngine e = new TestEngine(); Triggerer t = triggerer(e, "test:1")) {
      e.stores.pools().set("one", 1, "one slot for everything");
      // Both sensors wait 25 s; in poke mode they would hold the only slot one after the other for 50 s.
      e.save(dag("pool_of_one",
          with(asyncDelta("wait_a", 25), "pool", "one"),
          with(asyncDelta("wait_b", 25), "pool", "one"),
          bash("gate", "sleep 1"),
          with(bash("normal", "echo normal-ran", "gate"), "pool", "one")));
      DagRunRow run = e.trigger.trigger("pool_of_one", null, Map.of(), null);
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ti(e, "pool_of_one", run.runId(), "normal").state() != TaskState.SUCCESS && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat(ti(e, "pool_of_one", run.runId(), "normal").state()).isEqualTo(TaskState.SUCCESS);
      assertThat(ti(e, "pool_of_one", run.runId(), "wait_a").state()).isEqualTo(TaskState.DEFERRED);
      assertThat(ti(e, "pool_of_one", run.runId(), "wait_b").state()).isEqualTo(TaskState.DEFERRED);
      assertThat(e.stores.pools().get("one").orElseThrow().running()).isZero();

      DagRunRow done = e.await("pool_of_one", run.runId(), Duration.ofSeconds(90));
      assertThat(done.state()).isEqualTo(RunState.SUCCESS);
      for (String id : List.of("wait_a", "wait_b")) {
        TaskInstanceRow s = ti(e, "pool_of_one", run.runId(), id);
        assertThat(s.tryNumber()).as("resumed in the try that deferred").isEqualTo(1);
        assertThat(s.endDate()).isAfterOrEqualTo(run.logicalDate().plusSeconds(25));
        String log = e.log("pool_of_one", run.runId(), id, 1);
        assertThat(log).contains("Pausing task as DEFERRED").contains("Success criteria met");
      }
      assertThat(new TriggerStore(e.stores.jdbi()).countDeferred()).isZero();
      int triggers = e.stores.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM trigger").mapTo(Integer.class).one());
      assertThat(triggers).isZero();
    }
  }

  @Test
  void twoDaemonsFireEveryTriggerOnceAndAStoppedTriggerersTriggersMoveOn() throws Exception {
    try (TestEngine e = new TestEngine()) {
      OperatorRegistry registry = new OperatorRegistry();
      registry.register("builtin", new BuiltinOperators(io.aloft.runtime.execution.builtin.CrossDagRuns.NONE).operators());
      Clock clock = Clock.systemUTC();
      SchedulerSignal secondSignal = SchedulerSignal.overDatabase(e.stores.jdbi());
      TaskExecutor secondExecutor = new TaskExecutor(e.stores, registry, TestEngine.noPython(),
          new TemplateRenderer(clock), e.logs, clock, Map.of(), "other:2", 16, secondSignal::wake);
      SchedulerLoop second =
          new SchedulerLoop(e.stores, clock, secondExecutor, new ScheduledRuns(e.stores), Duration.ofMillis(50), secondSignal);
      second.start();
      Triggerer first = triggerer(e, "test:1");
      Triggerer other = new Triggerer(new TriggerStore(e.stores.jdbi()), e.stores.runs(), clock, "other:2", second::wake);
      other.start();
      try {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          tasks.add(asyncDelta("s" + i, 12));
        }
        e.save(dag("many", tasks.toArray(TaskSpec[]::new)));
        DagRunRow run = e.trigger.trigger("many", null, Map.of(), null);
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TriggerStore store = new TriggerStore(e.stores.jdbi());
        while (store.countDeferred() < 40 && System.nanoTime() < end) {
          Thread.sleep(50);
        }
        assertThat(store.countDeferred()).isEqualTo(40);
        Thread.sleep(1500); // both triggerers claim
        // One daemon stops while its triggers wait: it hands them back and the other daemon fires them.
        first.close();
        DagRunRow done = e.await("many", run.runId(), Duration.ofSeconds(120));
        assertThat(done.state()).isEqualTo(RunState.SUCCESS);
        for (TaskInstanceRow s : e.stores.taskInstances().listForRun("many", run.runId())) {
          assertThat(s.tryNumber()).isEqualTo(1);
          String log = e.log("many", run.runId(), s.taskId(), 1);
          assertThat(log.split("Pausing task as DEFERRED", -1)).as(log).hasSize(2);
          assertThat(log.split("Success criteria met", -1)).as(log).hasSize(2);
        }
      } finally {
        first.close();
        other.close();
        second.close();
        secondExecutor.close();
      }
    }
  }

  @Test
  void deferrableFileSensorAndTriggerDagRunWaitInTheTriggerer() throws Exception {
    Path folder = Files.createTempDirectory("aloft-deferred-file-");
    Path marker = folder.resolve("ready.txt");
    try (TestEngine e = new TestEngine(); Triggerer t = triggerer(e, "test:1")) {
      e.save(dag("target", bash("work", "sleep 2")));
      TaskSpec file = with(task("wait_file", "FileSensor",
          Map.of("filepath", marker.toString(), "deferrable", true), List.of("filepath")), "sensor", POKE);
      TaskSpec trigger = task("run_target", "TriggerDagRunOperator", Map.of("trigger_dag_id", "target",
          "wait_for_completion", true, "deferrable", true, "poke_interval", 0.5), List.of());
      e.save(dag("controller", file, trigger));
      DagRunRow run = e.trigger.trigger("controller", null, Map.of(), null);
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (ti(e, "controller", run.runId(), "wait_file").state() != TaskState.DEFERRED && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat(ti(e, "controller", run.runId(), "wait_file").state()).isEqualTo(TaskState.DEFERRED);
      Files.writeString(marker, "go");
      DagRunRow done = e.await("controller", run.runId(), Duration.ofSeconds(60));
      assertThat(done.state()).isEqualTo(RunState.SUCCESS);
      assertThat(ti(e, "controller", run.runId(), "wait_file").tryNumber()).isEqualTo(1);
      assertThat(ti(e, "controller", run.runId(), "run_target").tryNumber()).isEqualTo(1);
      assertThat(e.log("controller", run.runId(), "run_target", 1))
          .contains("Pausing task as DEFERRED").contains("target finished with allowed state success");
      assertThat(e.log("controller", run.runId(), "wait_file", 1)).contains("airflow.triggers.file.FileTrigger");
    }
  }
}
