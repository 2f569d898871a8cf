package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static io.aloft.runtime.execution.Specs.dag;
import static io.aloft.runtime.execution.Specs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.aloft.runtime.app.Actor;
import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.ClearRequest;
import io.aloft.runtime.app.ClearRequest.TaskRef;
import io.aloft.runtime.app.MarkRequest;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.EventLogStore.Filter;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Day-2 operations through the application services over the real engine and PostgreSQL: clear and re-run, mark,
 * notes, delete, backfill, and the audit trail each leaves.
 */
class ClearIT {

  private static final Actor ALICE = new Actor("alice", "10.0.0.7");

  private TestEngine engine;
  private Application app;
  private Path marker;

  @BeforeEach
  void start() throws Exception {
    engine = new TestEngine();
    AloftConfig config =
        io.aloft.runtime.config.ConfigLoader.load(Map.of("ALOFT_HOME", engine.home.toString(), "ALOFT_PORT", "0"),
            engine.home, engine.home);
    app = Application.over(config, engine.stores, (spec, conf) -> conf, engine.logs, Clock.systemUTC(),
        SchedulerSignal.overDatabase(engine.stores.jdbi()));
    marker = engine.home.resolve("failed-once");
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  /** A Bash command that fails the first time (it leaves a marker file) and succeeds afterwards. */
  private String failsOnce() {
    return "if [ -f " + marker + " ]; then echo second attempt; else touch " + marker + "; echo first attempt; exit 1; fi";
  }

  @Test
  void aFailedTaskClearedRunsAgainAsANewTryAndKeepsItsFirstTrysLog() throws Exception {
    engine.save(dag("flaky", bash("work", failsOnce()), bash("after", "echo done", "work")));
    DagRunRow failed = engine.run("flaky", Map.of(), Duration.ofSeconds(30));
    assertThat(failed.state()).isEqualTo(RunState.FAILED);

    List<TaskInstanceRow> dry = app.taskInstances().clear(ALICE,
        new ClearRequest("flaky", List.of(TaskRef.of("work")), null, failed.runId(), null, null, false, false, false,
            true, false, false, true, true));
    assertThat(dry).extracting(TaskInstanceRow::taskId).containsExactlyInAnyOrder("work", "after");
    assertThat(app.taskInstances().get(new TiKey("flaky", failed.runId(), "work", -1)).orElseThrow().state())
        .as("a dry run changes nothing").isEqualTo(TaskState.FAILED);

    app.taskInstances().clear(ALICE, new ClearRequest("flaky", List.of(TaskRef.of("work")), null, failed.runId(), null,
        null, false, false, false, true, false, false, true, false));
    DagRunRow rerun = engine.await("flaky", failed.runId(), Duration.ofSeconds(30));

    assertThat(rerun.state()).isEqualTo(RunState.SUCCESS);
    TiKey work = new TiKey("flaky", failed.runId(), "work", -1);
    assertThat(app.taskInstances().get(work).orElseThrow().tryNumber()).isEqualTo(2);
    assertThat(app.taskInstances().tries(work)).extracting(t -> t.tryNumber(), t -> t.state())
        .containsExactly(tuple(1, "failed"), tuple(2, "success"));
    assertThat(engine.log("flaky", failed.runId(), "work", 1)).contains("first attempt");
    assertThat(engine.log("flaky", failed.runId(), "work", 2)).contains("second attempt");
    assertThat(app.events().page(new Filter("flaky", null, null, "clear", null, null, null), "id", true, 10, 0))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.owner()).isEqualTo("alice");
          assertThat(e.address()).isEqualTo("10.0.0.7");
          assertThat(e.extra()).contains("work").contains("after");
        });
  }

  @Test
  void clearingOnlyFailedWorkClearsTheSetupAndTeardownAroundIt() throws Exception {
    engine.save(dag("cluster",
        with(bash("create", "echo up"), "setup", true),
        bash("work", failsOnce(), "create"),
        with(with(bash("delete", "echo down", "create", "work"), "trigger_rule", "all_done_setup_success"), "teardown", true)));
    DagRunRow failed = engine.run("cluster", Map.of(), Duration.ofSeconds(30));
    assertThat(failed.state()).isEqualTo(RunState.FAILED);

    List<TaskInstanceRow> cleared = app.taskInstances().clear(ALICE,
        new ClearRequest("cluster", List.of(TaskRef.of("work")), null, failed.runId(), null, null, false, false, false,
            false, false, false, true, false));

    assertThat(cleared).extracting(TaskInstanceRow::taskId).containsExactlyInAnyOrder("create", "work", "delete");
    assertThat(engine.await("cluster", failed.runId(), Duration.ofSeconds(30)).state()).isEqualTo(RunState.SUCCESS);
    assertThat(app.taskInstances().listForRun("cluster", failed.runId()))
        .extracting(TaskInstanceRow::taskId, TaskInstanceRow::tryNumber)
        .containsExactlyInAnyOrder(tuple("create", 2), tuple("work", 2), tuple("delete", 2));
  }

  @Test
  void markingARunningRunFailedStopsItsTryAndSkipsWhatWasLeft() throws Exception {
    engine.save(dag("long", bash("sleepy", "echo started; sleep 60"), bash("next", "true", "sleepy")));
    DagRunRow run = engine.trigger.trigger("long", null, Map.of(), null);
    TiKey sleepy = new TiKey("long", run.runId(), "sleepy", -1);
    awaitState(sleepy, TaskState.RUNNING);

    long t0 = System.nanoTime();
    DagRunRow marked = app.runs().setState(ALICE, "long", run.runId(), RunState.FAILED);

    assertThat(marked.state()).isEqualTo(RunState.FAILED);
    assertThat(app.taskInstances().listForRun("long", run.runId()))
        .extracting(TaskInstanceRow::taskId, TaskInstanceRow::state)
        .containsExactlyInAnyOrder(tuple("sleepy", TaskState.FAILED), tuple("next", TaskState.SKIPPED));
    while (engine.executor.activeTries() > 0 && System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos()) {
      Thread.sleep(50);
    }
    assertThat(engine.executor.activeTries()).as("the try was stopped, not left sleeping").isZero();
    assertThat(engine.log("long", run.runId(), "sleepy", 1)).contains("marked by a user");
    assertThat(app.taskInstances().get(sleepy).orElseThrow().state()).as("the stopped try does not overwrite the mark")
        .isEqualTo(TaskState.FAILED);
  }

  @Test
  void markingAFailedTaskSuccessWithDownstreamMarksTheWholeChain() throws Exception {
    engine.save(dag("chain", bash("a", "exit 1"), bash("b", "true", "a"), bash("c", "true", "b")));
    DagRunRow failed = engine.run("chain", Map.of(), Duration.ofSeconds(30));

    List<TaskInstanceRow> marked = app.taskInstances().mark(ALICE,
        new MarkRequest("chain", failed.runId(), List.of(TaskRef.of("a")), TaskState.SUCCESS, false, true, false, false, false));

    assertThat(marked).extracting(TaskInstanceRow::taskId).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(app.taskInstances().listForRun("chain", failed.runId())).extracting(TaskInstanceRow::state)
        .containsOnly(TaskState.SUCCESS);
    assertThatThrownBy(() -> app.taskInstances().mark(ALICE,
        new MarkRequest("chain", failed.runId(), List.of(TaskRef.of("a")), TaskState.RUNNING, false, false, false, false, false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("success, failed or skipped");
    assertThat(app.events().count(new Filter("chain", null, null, "mark_success", "alice", null, null))).isEqualTo(1);
  }

  @Test
  void notesAreTheUsersAndSurviveTheSchedulersOwn() throws Exception {
    engine.save(dag("noted", bash("t", "true")));
    DagRunRow run = engine.run("noted", Map.of(), Duration.ofSeconds(30));

    assertThat(app.runs().setNote(ALICE, "noted", run.runId(), "rerun after the outage").userNote())
        .isEqualTo("rerun after the outage");
    TiKey t = new TiKey("noted", run.runId(), "t", -1);
    assertThat(app.taskInstances().setNote(ALICE, t, "checked by hand").userNote()).isEqualTo("checked by hand");
    assertThat(app.taskInstances().setNote(ALICE, t, "").userNote()).isNull();
    assertThatThrownBy(() -> app.taskInstances().setNote(ALICE, new TiKey("noted", run.runId(), "nope", -1), "x"))
        .isInstanceOf(java.util.NoSuchElementException.class);
  }

  @Test
  void deletingADagRemovesItsHistoryButKeepsTheAuditLog() throws Exception {
    engine.save(dag("doomed", bash("t", "true")));
    DagRunRow run = engine.run("doomed", Map.of(), Duration.ofSeconds(30));
    app.runs().setNote(ALICE, "doomed", run.runId(), "before delete");

    app.dags().delete(ALICE, "doomed");

    assertThat(app.dags().get("doomed")).isEmpty();
    assertThat(app.runs().get("doomed", run.runId())).isEmpty();
    assertThat(app.taskInstances().listForRun("doomed", run.runId())).isEmpty();
    assertThat(app.events().page(new Filter("doomed", null, null, null, null, null, null), "id", false, 10, 0))
        .extracting(e -> e.event()).containsExactly("set_note", "dag_delete");
  }

  @Test
  void aBackfillCreatesOneBackfillRunPerLogicalDateAndRerunsFailedOnesWhenAsked() throws Exception {
    DagSpec d = dag("daily", bash("hello", "echo {{ ds }}"));
    engine.save(new DagSpec(d.specVersion(), d.dagId(), d.fileloc(), null, null,
        new Schedule("cron", "0 0 * * *", null, "@daily"), Instant.parse("2099-01-01T00:00:00Z"), null, "UTC", false,
        16, 16, null, List.of(), null, Map.of(), d.tasks(), List.of(), "airflow"));
    Instant from = Instant.parse("2024-03-01T00:00:00Z");
    Instant to = Instant.parse("2024-03-03T00:00:00Z");

    assertThat(app.runs().backfill(ALICE, "daily", from, to, false, false, 0, true))
        .extracting(s -> s.action()).containsExactly("created", "created", "created");
    assertThat(app.runs().list("daily", 10, 0)).as("a dry run creates nothing").isEmpty();

    var steps = app.runs().backfill(ALICE, "daily", from, to, false, false, 0, false);
    assertThat(steps).extracting(s -> s.runId())
        .containsExactly("backfill__2024-03-01T00:00:00+00:00", "backfill__2024-03-02T00:00:00+00:00",
            "backfill__2024-03-03T00:00:00+00:00");
    for (var s : steps) {
      DagRunRow done = engine.await("daily", s.runId(), Duration.ofSeconds(30));
      assertThat(done.state()).isEqualTo(RunState.SUCCESS);
      assertThat(done.runType()).isEqualTo("backfill");
    }
    assertThat(engine.log("daily", steps.getFirst().runId(), "hello", 1)).contains("2024-03-01");
    assertThat(app.runs().backfill(ALICE, "daily", from, to, false, false, 0, false))
        .extracting(s -> s.action()).containsOnly("exists");
    assertThatThrownBy(() -> app.runs().backfill(ALICE, "daily", to, from, false, false, 0, false))
        .hasMessageContaining("before its start date");
  }

  private void awaitState(TiKey key, TaskState state) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (app.taskInstances().get(key).orElseThrow().state() == state) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(key + " never became " + state);
  }
}
