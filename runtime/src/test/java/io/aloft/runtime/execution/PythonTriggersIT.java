package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.dag;
import static io.aloft.runtime.execution.Specs.task;
import static io.aloft.runtime.execution.Specs.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.python.TestPython;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TriggerStore;
import io.aloft.runtime.trigger.PythonTriggerRuns;
import io.aloft.runtime.trigger.Triggerer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triggers written in Python over real PostgreSQL: the triggerer runs them in a Python host from their stored form,
 * so one deferred before a triggerer stops fires under the next triggerer (a daemon restart loses none); one that
 * raises, or whose class does not exist, fails its task with the reason. A trigger's {@code run()} stays alive
 * between looks (one that sleeps past a look still fires, started once per triggerer), and one that yields a
 * task-end event ends its task in that state without resuming it ({@code end_from_trigger}); a trigger reads
 * Variables and connections as a task does.
 */
class PythonTriggersIT {

  private static final TaskSpec.SensorSpec POKE = new TaskSpec.SensorSpec("poke", 1.0, 600, false, false, null);

  private static final String TRIGGERS = """
      import asyncio
      import os

      from airflow.hooks.base import BaseHook
      from airflow.models import Variable
      from airflow.triggers.base import BaseTrigger, TaskFailedEvent, TaskSuccessEvent, TriggerEvent


      class Marker(BaseTrigger):
          def __init__(self, path):
              super().__init__()
              self.path = path

          def serialize(self):
              return ("restart_triggers.Marker", {"path": self.path})

          async def run(self):
              while not os.path.exists(self.path):
                  await asyncio.sleep(0.2)
              yield TriggerEvent(self.path)


      class Sleepy(BaseTrigger):
          def __init__(self, seconds, starts):
              super().__init__()
              self.seconds = seconds
              self.starts = starts

          def serialize(self):
              return ("restart_triggers.Sleepy", {"seconds": self.seconds, "starts": self.starts})

          async def run(self):
              with open(self.starts, "a") as f:
                  print("start", file=f)
              await asyncio.sleep(self.seconds)
              yield TriggerEvent("slept")


      class Ends(BaseTrigger):
          def __init__(self, state):
              super().__init__()
              self.state = state

          def serialize(self):
              return ("restart_triggers.Ends", {"state": self.state})

          async def run(self):
              await asyncio.sleep(0.1)
              if self.state == "success":
                  # Variables and connections read as in a task.
                  conn = BaseHook.get_connection("trigger_bucket")
                  yield TaskSuccessEvent(xcoms={"answer": 42, "read": Variable.get("bucket") + "@" + conn.host})
              else:
                  yield TaskFailedEvent()


      class Broken(BaseTrigger):
          def serialize(self):
              return ("restart_triggers.Broken", {})

          async def run(self):
              raise ValueError("no such bucket")
              yield
      """;

  private static TaskSpec waits(String id, double seconds) {
    return with(task(id, "TimeDeltaSensor", Map.of("delta", seconds, "deferrable", true), List.of()), "sensor", POKE);
  }

  private static TaskInstanceRow ti(TestEngine e, String runId, String taskId) {
    return e.stores.taskInstances().listForRun("py_triggers", runId).stream().filter(t -> t.taskId().equals(taskId))
        .findFirst().orElseThrow();
  }

  @Test
  void aPythonTriggerSurvivesARestartAndOneThatFailsFailsItsTask() throws Exception {
    Path folder = Files.createTempDirectory("aloft-python-triggers-");
    Path marker = folder.resolve("ready.txt");
    try (TestEngine e = new TestEngine()) {
      TriggerStore store = new TriggerStore(e.stores.jdbi());
      DagRunRow run = deferredRun(e, folder, waits("marker", 4), with(waits("broken", 600), "retries", 0),
          with(waits("missing", 600), "retries", 0));
      swap(e, run.runId(), "marker", "restart_triggers.Marker", "{\"path\": \"" + marker + "\"}");
      swap(e, run.runId(), "broken", "restart_triggers.Broken", "{}");
      swap(e, run.runId(), "missing", "restart_triggers.Gone", "{}");

      Triggerer first = triggerer(e, store, new PythonTriggerRuns(TestPython.pool()));
      first.start();
      try {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (ti(e, run.runId(), "missing").state() == TaskState.DEFERRED && System.nanoTime() < end) {
          Thread.sleep(100);
        }
        Thread.sleep(3000); // the marker's trigger has been looked at, at least once, without its file
      } finally {
        first.close(); // a clean stop: its triggers go back to the table
      }
      assertThat(ti(e, run.runId(), "marker").state()).isEqualTo(TaskState.DEFERRED);
      Files.writeString(marker, "go");

      try (Triggerer second = triggerer(e, store, new PythonTriggerRuns(TestPython.pool()))) {
        second.start();
        DagRunRow done = e.await("py_triggers", run.runId(), Duration.ofSeconds(120));
        assertThat(done.state()).isEqualTo(RunState.FAILED);
      }
      TaskInstanceRow resumed = ti(e, run.runId(), "marker");
      assertThat(resumed.state()).isEqualTo(TaskState.SUCCESS);
      assertThat(resumed.tryNumber()).isEqualTo(1);
      assertThat(e.log("py_triggers", run.runId(), "marker", 1)).contains("Success criteria met");
      assertThat(ti(e, run.runId(), "broken").state()).isEqualTo(TaskState.FAILED);
      assertThat(e.log("py_triggers", run.runId(), "broken", 1))
          .contains("TaskDeferralError: the trigger restart_triggers.Broken raised ValueError: no such bucket");
      assertThat(ti(e, run.runId(), "missing").state()).isEqualTo(TaskState.FAILED);
      assertThat(e.log("py_triggers", run.runId(), "missing", 1))
          .contains("cannot import the trigger restart_triggers.Gone: module restart_triggers has no class Gone");
      int triggers = e.stores.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM trigger").mapTo(Integer.class).one());
      assertThat(triggers).isZero();
    }
  }

  @Test
  void aSleepingTriggerKeepsRunningBetweenLooksAndAfterARestartAndEndEventsEndTheirTasks() throws Exception {
    Path folder = Files.createTempDirectory("aloft-python-triggers-");
    Path starts = folder.resolve("starts.txt");
    try (TestEngine e = new TestEngine()) {
      TriggerStore store = new TriggerStore(e.stores.jdbi());
      // sleepy's own delta (4 s) has passed when its trigger fires: the resumed sensor then succeeds at once.
      DagRunRow run = deferredRun(e, folder, waits("sleepy", 4), with(waits("ends_well", 600), "retries", 2),
          with(waits("ends_badly", 600), "retries", 2));
      // Longer than a look's slice plus the pause between looks: the first triggerer stops while it sleeps.
      e.stores.variables().set("bucket", "logs", null);
      e.stores.connections().insert(new io.aloft.sdk.Connection("trigger_bucket", "http", "bucket.example", null, null,
          null, null, Map.of()), null);
      swap(e, run.runId(), "sleepy", "restart_triggers.Sleepy", "{\"seconds\": 12, \"starts\": \"" + starts + "\"}");
      swap(e, run.runId(), "ends_well", "restart_triggers.Ends", "{\"state\": \"success\"}");
      swap(e, run.runId(), "ends_badly", "restart_triggers.Ends", "{\"state\": \"failed\"}");

      // The worker process host, as the daemon runs triggers: later looks go to the worker that runs the trigger.
      Triggerer first = triggerer(e, store,
          new PythonTriggerRuns(TestPython.workers(), e.stores.variables(), e.stores.connections()));
      first.start();
      try {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!(Files.exists(starts) && ti(e, run.runId(), "ends_badly").state().isFinished()
            && ti(e, run.runId(), "ends_well").state().isFinished()) && System.nanoTime() < end) {
          Thread.sleep(50);
        }
      } finally {
        first.close();
      }
      assertThat(ti(e, run.runId(), "sleepy").state()).isEqualTo(TaskState.DEFERRED);
      assertThat(Files.readAllLines(starts)).hasSize(1);

      try (Triggerer second = triggerer(e, store, new PythonTriggerRuns(TestPython.workers()))) {
        second.start();
        DagRunRow done = e.await("py_triggers", run.runId(), Duration.ofSeconds(120));
        assertThat(done.state()).isEqualTo(RunState.FAILED);
      }
      // Started again from its stored form by the new triggerer (as after a daemon restart), and only then: the
      // looks in between (every few seconds, each shorter than its sleep) kept the same run() going.
      assertThat(Files.readAllLines(starts)).hasSize(2);
      TaskInstanceRow sleepy = ti(e, run.runId(), "sleepy");
      assertThat(sleepy.state()).isEqualTo(TaskState.SUCCESS);
      assertThat(sleepy.tryNumber()).isEqualTo(1);
      assertThat(e.log("py_triggers", run.runId(), "sleepy", 1)).contains("Success criteria met");

      TaskInstanceRow well = ti(e, run.runId(), "ends_well");
      assertThat(well.state()).isEqualTo(TaskState.SUCCESS);
      assertThat(well.tryNumber()).isEqualTo(1);
      String wellLog = e.log("py_triggers", run.runId(), "ends_well", 1);
      assertThat(wellLog).contains("Task ended by its trigger (end_from_trigger) in state success")
          .doesNotContain("Success criteria met"); // the sensor was not resumed
      assertThat(e.stores.xcoms().pull("py_triggers", run.runId(), "ends_well", "answer", null))
          .hasValueSatisfying(v -> assertThat(v.toString()).isEqualTo("42"));
      assertThat(e.stores.xcoms().pull("py_triggers", run.runId(), "ends_well", "read", null)).contains("logs@bucket.example");

      TaskInstanceRow badly = ti(e, run.runId(), "ends_badly");
      assertThat(badly.state()).isEqualTo(TaskState.FAILED);
      assertThat(badly.tryNumber()).isEqualTo(1); // final, as Airflow sets the state: its retries are not used
      assertThat(e.log("py_triggers", run.runId(), "ends_badly", 1))
          .contains("Task ended by its trigger (end_from_trigger) in state failed");
    }
  }

  /**
   * Saves {@code py_triggers} with these deferrable sensors, its file the {@link #TRIGGERS} module written into
   * {@code folder}, and triggers a run; answers it once every sensor has deferred. Java sensors defer first (no Python
   * is needed to run them); a test then swaps their triggers for Python ones.
   */
  private static DagRunRow deferredRun(TestEngine e, Path folder, TaskSpec... sensors) throws Exception {
    Path file = Files.writeString(folder.resolve("restart_triggers.py"), TRIGGERS);
    e.save(dag("py_triggers", sensors));
    e.stores.jdbi().useHandle(h -> h.createUpdate("UPDATE dag SET fileloc = :f WHERE dag_id = 'py_triggers'")
        .bind("f", file.toString()).execute());
    DagRunRow run = e.trigger.trigger("py_triggers", null, Map.of(), null);
    TriggerStore store = new TriggerStore(e.stores.jdbi());
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (store.countDeferred() < sensors.length && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertThat(store.countDeferred()).isEqualTo(sensors.length);
    return run;
  }

  /** A triggerer as a daemon's ({@code test:1}, waking the engine's scheduler) over the given Python host. */
  private static Triggerer triggerer(TestEngine e, TriggerStore store, PythonTriggerRuns python) {
    return new Triggerer(store, e.stores.runs(), Clock.systemUTC(), "test:1", e.scheduler::wake, python);
  }

  private static void swap(TestEngine e, String runId, String taskId, String classpath, String kwargs) {
    e.stores.jdbi().useHandle(h -> h.createUpdate("UPDATE trigger SET classpath = :c, kwargs = CAST(:k AS jsonb)"
            + " WHERE id = (SELECT trigger_id FROM task_instance WHERE dag_id = 'py_triggers' AND run_id = :r"
            + " AND task_id = :t)")
        .bind("c", classpath).bind("k", kwargs).bind("r", runId).bind("t", taskId).execute());
  }
}
