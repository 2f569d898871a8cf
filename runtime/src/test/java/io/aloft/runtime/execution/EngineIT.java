package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static io.aloft.runtime.execution.Specs.dag;
import static io.aloft.runtime.execution.Specs.empty;
import static io.aloft.runtime.execution.Specs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scheduling and execution end to end over real PostgreSQL, with Java operators only. */
class EngineIT {

  private static TestEngine engine;

  @BeforeAll
  static void start() throws Exception {
    engine = new TestEngine();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static Map<String, TaskInstanceRow> tis(DagRunRow run) {
    return engine.stores.taskInstances().listForRun(run.dagId(), run.runId()).stream()
        .collect(Collectors.toMap(t -> t.taskId() + (t.mapIndex() >= 0 ? "[" + t.mapIndex() + "]" : ""), Function.identity()));
  }

  @Test
  void bashChainPassesXComThroughTemplates() throws Exception {
    engine.save(dag("chain", bash("a", "echo hello"), bash("b", "echo {{ ds }} {{ ti.xcom_pull(task_ids='a') }} {{ params.x }}", "a")));
    DagRunRow run = engine.run("chain", Map.of("x", 7), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    String ds = run.logicalDate().toString().substring(0, 10);
    assertThat(engine.stores.xcoms().pull("chain", run.runId(), "b", "return_value", null)).contains(ds + " hello 7");
    assertThat(engine.log("chain", run.runId(), "b", 1)).contains("hello 7").contains("Marking task as SUCCESS");
  }

  @Test
  void failureRetriesThenFailsAndTriggerRulesFollow() throws Exception {
    TaskSpec flaky = with(bash("flaky", "echo try $AIRFLOW_CTX_TRY_NUMBER; exit 1"), "retries", 1);
    engine.save(dag("fail", flaky, with(empty("cleanup", "flaky"), "trigger_rule", "all_done"), empty("after", "flaky")));
    DagRunRow run = engine.run("fail", Map.of(), Duration.ofSeconds(30));
    Map<String, TaskInstanceRow> tis = tis(run);
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(tis.get("flaky").state()).isEqualTo(TaskState.FAILED);
    assertThat(tis.get("flaky").tryNumber()).isEqualTo(2);
    assertThat(tis.get("cleanup").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(tis.get("after").state()).isEqualTo(TaskState.UPSTREAM_FAILED);
    assertThat(engine.log("fail", run.runId(), "flaky", 1)).contains("try 1").contains("UP_FOR_RETRY");
    assertThat(engine.log("fail", run.runId(), "flaky", 2)).contains("try 2").contains("non-zero exit code 1");
  }

  @Test
  void skipExitCodeSkipsAndDownstreamIsSkipped() throws Exception {
    engine.save(dag("skip", bash("s", "exit 99"), empty("next", "s")));
    DagRunRow run = engine.run("skip", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(tis(run).get("s").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(tis(run).get("next").state()).isEqualTo(TaskState.SKIPPED);
  }

  @Test
  void executionTimeoutKillsTheProcessGroup() throws Exception {
    engine.save(dag("timeout", with(bash("slow", "sleep 30 & wait"), "execution_timeout", 1.0)));
    long t0 = System.nanoTime();
    DagRunRow run = engine.run("timeout", Map.of(), Duration.ofSeconds(20));
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    assertThat(engine.log("timeout", run.runId(), "slow", 1)).contains("Timeout");
  }

  @Test
  void missingPoolSaysHowToFixIt() throws Exception {
    engine.save(dag("nopool", with(bash("t", "true"), "pool", "gpu_pool")));
    DagRunRow r = engine.trigger.trigger("nopool", null, Map.of(), null);
    TaskInstanceRow ti = null;
    for (int i = 0; i < 100; i++) {
      ti = engine.stores.taskInstances().listForRun("nopool", r.runId()).get(0);
      if (ti.note() != null) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(ti.note()).contains("pool 'gpu_pool' does not exist").contains("aloft pools set gpu_pool");
    engine.stores.pools().set("gpu_pool", 1, "");
    engine.scheduler.wake();
    assertThat(engine.await("nopool", r.runId(), Duration.ofSeconds(30)).state()).isEqualTo(RunState.SUCCESS);
  }

  @Test
  void aDueScheduledRunIsCreatedAndRunsToSuccess() throws Exception {
    io.aloft.runtime.model.DagSpec d = dag("daily", bash("hello", "echo {{ ds }}"));
    engine.save(new io.aloft.runtime.model.DagSpec(d.specVersion(), d.dagId(), d.fileloc(), null, null,
        new io.aloft.runtime.model.Schedule("cron", "0 0 * * *", null, "@daily"), java.time.Instant.parse("2024-01-01T00:00:00Z"),
        null, "UTC", false, 16, 16, null, List.of(), null, Map.of(), d.tasks(), List.of(), "airflow"));
    engine.scheduler.wake();
    DagRunRow done = null;
    for (int i = 0; i < 300 && done == null; i++) {
      done = engine.stores.runs().list("daily", 10, 0).stream()
          .filter(r -> r.runId().startsWith("scheduled__") && r.state().isFinished()).findFirst().orElse(null);
      Thread.sleep(50);
    }
    assertThat(done).as("a scheduled run of the latest interval (catchup=False)").isNotNull();
    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    assertThat(engine.stores.runs().list("daily", 10, 0)).hasSize(1);
  }

  @Test
  void aTeardownRunsAfterFailedWorkAndOnlyTheWorkDecidesTheRun() throws Exception {
    engine.save(dag("cluster",
        with(bash("create", "echo up"), "setup", true),
        bash("work", "exit 3", "create"),
        with(with(bash("delete", "echo down", "create", "work"), "trigger_rule", "all_done_setup_success"),
            "teardown", true)));
    DagRunRow failed = engine.run("cluster", Map.of(), Duration.ofSeconds(30));
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(engine.stores.taskInstances().listForRun("cluster", failed.runId()))
        .extracting(TaskInstanceRow::taskId, TaskInstanceRow::state)
        .contains(tuple("work", TaskState.FAILED), tuple("delete", TaskState.SUCCESS));

    engine.save(dag("cluster_ok",
        with(bash("create", "echo up"), "setup", true),
        bash("work", "true", "create"),
        with(with(bash("delete", "exit 1", "create", "work"), "trigger_rule", "all_done_setup_success"),
            "teardown", true)));
    assertThat(engine.run("cluster_ok", Map.of(), Duration.ofSeconds(30)).state())
        .as("a failed teardown does not fail the run").isEqualTo(RunState.SUCCESS);
  }

  @Test
  void mappedBashTasksRunOncePerElement() throws Exception {
    TaskSpec mapped = with(bash("m", "unused"), "mapped", new TaskSpec.MappedSpec(Map.of("bash_command", List.of("echo 1", "echo 2", "echo 3"))));
    engine.save(dag("mapped", mapped));
    DagRunRow run = engine.run("mapped", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(engine.stores.xcoms().pull("mapped", run.runId(), "m", "return_value", null)).contains(List.of("1", "2", "3"));
  }

  @Test
  void dagrunTimeoutFailsTheRunAndStopsItsTries() throws Exception {
    io.aloft.runtime.model.DagSpec d = dag("slowrun", bash("slow", "sleep 60"), empty("after", "slow"));
    engine.save(new io.aloft.runtime.model.DagSpec(d.specVersion(), d.dagId(), d.fileloc(), null, null, d.schedule(), null, null,
        "UTC", false, 16, 16, 1.0, List.of(), null, Map.of(), d.tasks(), List.of(), "airflow"));
    long t0 = System.nanoTime();
    DagRunRow run = engine.run("slowrun", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.FAILED);
    assertThat(run.note()).contains("dagrun_timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(tis(run).get("after").state()).isEqualTo(TaskState.SKIPPED);
  }

  @Test
  void dependsOnPastWaitsForThePreviousRunsInstance() throws Exception {
    engine.save(dag("past", with(bash("a", "exit {{ dag_run.conf.get('code', 0) }}"), "depends_on_past", true)));
    DagRunRow first = engine.run("past", Map.of("code", 1), Duration.ofSeconds(30));
    assertThat(first.state()).isEqualTo(RunState.FAILED);
    DagRunRow second = engine.trigger.trigger("past", null, Map.of(), null);
    Thread.sleep(1500);
    TaskInstanceRow waiting = engine.stores.taskInstances().listForRun("past", second.runId()).get(0);
    assertThat(waiting.state()).isEqualTo(TaskState.NONE);
    assertThat(engine.stores.runs().get("past", second.runId()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    engine.stores.runs().setState("past", second.runId(), RunState.FAILED, java.time.Instant.now());
  }

  @Test
  void waitForDownstreamAlsoWaitsForThePreviousRunsDownstreamTasks() throws Exception {
    // "a" succeeds in the first run, its downstream "b" fails: the next run's "a" waits (wait_for_downstream).
    engine.save(dag("wfd",
        with(with(bash("a", "true"), "depends_on_past", true), "wait_for_downstream", true),
        bash("b", "exit {{ dag_run.conf.get('code', 0) }}", "a")));
    DagRunRow first = engine.run("wfd", Map.of("code", 1), Duration.ofSeconds(30));
    assertThat(first.state()).isEqualTo(RunState.FAILED);
    assertThat(tis(first).get("a").state()).isEqualTo(TaskState.SUCCESS);
    DagRunRow second = engine.trigger.trigger("wfd", null, Map.of(), null);
    Thread.sleep(1500);
    assertThat(tis(engine.stores.runs().get("wfd", second.runId()).orElseThrow()).get("a").state())
        .isEqualTo(TaskState.NONE);
    engine.stores.runs().setState("wfd", second.runId(), RunState.FAILED, java.time.Instant.now());

    engine.save(dag("wfd_ok",
        with(with(bash("a", "true"), "depends_on_past", true), "wait_for_downstream", true), bash("b", "true", "a")));
    assertThat(engine.run("wfd_ok", Map.of(), Duration.ofSeconds(30)).state()).isEqualTo(RunState.SUCCESS);
    assertThat(engine.run("wfd_ok", Map.of(), Duration.ofSeconds(30)).state())
        .as("the previous run's downstream succeeded").isEqualTo(RunState.SUCCESS);
  }

  @Test
  void pokeSensorWaitsForAFile() throws Exception {
    java.nio.file.Path marker = engine.home.resolve("marker");
    TaskSpec sensor = with(Specs.task("wait", "FileSensor", Map.of("filepath", marker.toString()), List.of("filepath")),
        "sensor", new TaskSpec.SensorSpec("reschedule", 0.2, 20, false, false, null));
    engine.save(dag("sense", bash("touch", "sleep 1; touch " + marker), sensor));
    DagRunRow run = engine.run("sense", Map.of(), Duration.ofSeconds(30));
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(tis(run).get("wait").state()).isEqualTo(TaskState.SUCCESS);
  }
}
