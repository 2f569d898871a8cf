package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A try always ends in the store: text PostgreSQL cannot hold (NUL) in an exception message or an XCom
 * key, an error thrown past the operator, or a thread that vanished (the sweeper).
 */
class TryEndIT {

  private static TestEngine engine;

  @BeforeAll
  static void start() throws Exception {
    engine = new TestEngine(new PythonInvoker() {
      @Override
      public TryOutcome execute(PythonTry call) {
        return switch (call.task().taskId()) {
          case "raises_nul" -> new TryOutcome.Failed("ValueError: bad\0byte", false);
          case "pushes_nul" -> {
            call.ctx().xcom().push("key\0nul", "value\0nul");
            yield new TryOutcome.Success("returned\0nul");
          }
          case "outputs" -> new TryOutcome.Success(Map.of("a", 1, "b", "two"));
          case "overflows" -> throw new StackOverflowError("deep\0recursion");
          case "lost_once" -> {
            if (call.ctx().identity().tryNumber() == 1) {
              throw new io.aloft.sdk.TaskLostException("container 0123abcd is gone and its exit status is unknown");
            }
            yield new TryOutcome.Success("second try");
          }
          default -> new TryOutcome.Success(null);
        };
      }

      @Override
      public PokeResult poke(PythonTry call) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void cancel(TaskContext ctx) {}
    });
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static TaskSpec python(String id) {
    return TaskSpec.builder(id, "PythonOperator").executor("python").retryDelaySeconds(0).build();
  }

  /** A TaskFlow task with {@code multiple_outputs=True}. */
  private static TaskSpec multipleOutputs(String id) {
    return TaskSpec.builder(id, "PythonOperator").executor("python").retryDelaySeconds(0).multipleOutputs(true).build();
  }

  private static TaskInstanceRow ti(DagRunRow run, String taskId) {
    return engine.stores.taskInstances().listForRun(run.dagId(), run.runId()).stream()
        .filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow();
  }

  @Test
  void aNulInAnExceptionMessageFailsTheTryWithAReadableReason() throws Exception {
    engine.save(dag("nul_raise", python("raises_nul")));
    DagRunRow run = engine.run("nul_raise", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    TaskInstanceRow ti = ti(run, "raises_nul");
    assertThat(ti.state()).isEqualTo(TaskState.FAILED);
    assertThat(ti.note()).isEqualTo("ValueError: bad␀byte");
    assertThat(engine.log("nul_raise", run.runId(), "raises_nul", 1)).contains("Marking task as FAILED");
  }

  @Test
  void aNulInAnXComKeyAndValueIsStored() throws Exception {
    engine.save(dag("nul_xcom", python("pushes_nul")));
    DagRunRow run = engine.run("nul_xcom", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(engine.stores.xcoms().pull("nul_xcom", run.runId(), "pushes_nul", "key␀nul", null)).contains("value␀nul");
    assertThat(engine.stores.xcoms().pull("nul_xcom", run.runId(), "pushes_nul", "return_value", null)).contains("returned␀nul");
  }

  @Test
  void aTrysEndStoresEachOfItsMultipleOutputsWithIt() throws Exception {
    engine.save(dag("outputs", multipleOutputs("outputs")));
    DagRunRow run = engine.run("outputs", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(engine.stores.xcoms().pull("outputs", run.runId(), "outputs", "return_value", null))
        .contains(Map.of("a", 1, "b", "two"));
    assertThat(engine.stores.xcoms().pull("outputs", run.runId(), "outputs", "a", null)).contains(1);
    assertThat(engine.stores.xcoms().pull("outputs", run.runId(), "outputs", "b", null)).contains("two");
  }

  @Test
  void aTryThatNoLongerRunsHereStoresNoXComWithItsEnd() throws Exception {
    engine.save(dag("late_end", python("fine")));
    DagRunRow run = engine.run("late_end", Map.of(), Duration.ofSeconds(30));
    TaskInstanceRow ti = ti(run, "fine");
    assertThat(ti.state()).isEqualTo(TaskState.SUCCESS);
    // The same try's end written once more (as by a thread whose try a user had marked meanwhile): nothing changes.
    boolean written = engine.stores.jdbi().withHandle(h -> engine.stores.taskInstances().finishTry(h, ti.key(),
        ti.tryNumber(), TaskState.FAILED, java.time.Instant.now(), null, "late", 0, Map.of("late_key", "1")));
    assertThat(written).isFalse();
    assertThat(ti(run, "fine").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(engine.stores.xcoms().pull("late_end", run.runId(), "fine", "late_key", null)).isEmpty();
  }

  @Test
  void anErrorThrownPastTheOperatorStillEndsTheTry() throws Exception {
    engine.save(dag("overflow", python("overflows")));
    DagRunRow run = engine.run("overflow", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(ti(run, "overflows").note()).contains("StackOverflowError").contains("deep␀recursion");
  }

  @Test
  void aLostTryIsRetriedUnderANewTryNumberEvenWithoutRetries() throws Exception {
    engine.save(dag("lost", python("lost_once"))); // retries=0
    DagRunRow run = engine.run("lost", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    TaskInstanceRow ti = ti(run, "lost_once");
    assertThat(ti.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(ti.tryNumber()).isEqualTo(2);
    assertThat(ti.maxTries()).as("the lost try did not use up a retry").isEqualTo(1);
    assertThat(engine.log("lost", run.runId(), "lost_once", 1))
        .contains("Task lost: container 0123abcd is gone and its exit status is unknown")
        .contains("Marking task as UP_FOR_RETRY");
    assertThat(engine.log("lost", run.runId(), "lost_once", 2)).contains("Starting attempt 2 of 2");
    String firstTry = engine.stores.jdbi().withHandle(h -> h.createQuery(
        "SELECT state FROM task_try WHERE dag_id = 'lost' AND try_number = 1").mapTo(String.class).one());
    assertThat(firstTry).isEqualTo("up_for_retry");
  }

  @Test
  void theSweeperEndsATryThatRunsHereInTheStoreButHasNoThread() throws Exception {
    engine.save(dag("swept", python("fine")));
    DagRunRow run = engine.run("swept", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    // As if a try's thread had died after its claim: the row says running on "ghost:1", no thread runs it.
    engine.db.jdbi().useHandle(h -> h.execute(
        "UPDATE task_instance SET state = 'running', hostname = 'ghost:1', end_date = NULL WHERE dag_id = 'swept'"));
    try (TaskExecutor ghost = new TaskExecutor(engine.stores, engine.registry, TestEngine.noPython(),
        new io.aloft.runtime.execution.template.TemplateRenderer(Clock.systemUTC()), engine.logs, Clock.systemUTC(), Map.of(),
        "ghost:1", 1, () -> {})) {
      assertThat(ghost.sweep()).isEqualTo(1);
      assertThat(ghost.sweep()).isZero();
    }
    TaskInstanceRow ti = ti(run, "fine");
    assertThat(ti.state()).isEqualTo(TaskState.FAILED);
    assertThat(ti.note()).contains("thread");
    assertThat(engine.log("swept", run.runId(), "fine", 1)).contains("ended without recording");
  }
}
