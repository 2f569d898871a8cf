package io.aloft.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.TestPython;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskSkipException;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Python task tries through {@link GraalPythonInvoker} in the shared test pool: outcomes, Airflow's context,
 * XCom, variables and logs through the try's context, cancellation.
 */
class GraalPythonInvokerTest {

  private static final Path VALID = TestPython.CORPUS.resolve("valid");
  private static final Path CASES = TestPython.CORPUS.resolve("runner/runner_cases.py");

  private final GraalPythonInvoker invoker = new GraalPythonInvoker(host());

  /** Where the tries run: the in-process pool here, a worker process in {@link WorkerPythonInvokerTest}. */
  PythonHost host() {
    return TestPython.pool();
  }
  private FakeTaskContext ctx = FakeTaskContext.forTask("dag", "task");

  private PythonInvoker.PythonTry call(Path file, String dag, String task, int mapIndex, Map<String, Object> args) {
    DagSpec spec = SpecJson.parse(SpecJson.mapper().createObjectNode().put("dag_id", dag)
        .put("fileloc", file.toString()).toString());
    TaskSpec taskSpec = SpecJson.mapper().convertValue(Map.of("task_id", task), TaskSpec.class);
    return new PythonInvoker.PythonTry(spec, taskSpec, mapIndex, args, context(), ctx);
  }

  private TryOutcome run(Path file, String dag, String task, Map<String, Object> args) throws Exception {
    return invoker.execute(call(file, dag, task, -1, args));
  }

  private PokeResult poke(Path file, String dag, String task, Map<String, Object> args) throws Exception {
    return invoker.poke(call(file, dag, task, -1, args));
  }

  private static Map<String, Object> context() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("ds", "2024-03-05");
    c.put("ds_nodash", "20240305");
    c.put("ts", "2024-03-05T00:00:00+00:00");
    c.put("ts_nodash", "20240305T000000");
    c.put("logical_date", "2024-03-05T00:00:00+00:00");
    c.put("data_interval_start", "2024-03-05T00:00:00+00:00");
    c.put("data_interval_end", "2024-03-06T00:00:00+00:00");
    c.put("run_id", "manual__2024-03-05");
    c.put("dag_run", Map.of("conf", Map.of("x", 7, "who", "Ada"), "run_id", "manual__2024-03-05"));
    c.put("params", Map.of("p", 1, "x", 7));
    c.put("try_number", 1);
    return c;
  }

  @Test
  void triggeringDatasetEventsReadAsAirflowsEventObjects() throws Exception {
    PythonInvoker.PythonTry base = call(CASES, "runner_cases", "read_events", -1, Map.of());
    Map<String, Object> context = new LinkedHashMap<>(base.airflowContext());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("extra", Map.of("rows", 5));
    event.put("source_dag_id", "producer");
    event.put("timestamp", "2024-03-05T01:02:03+00:00");
    context.put("triggering_dataset_events", Map.of("s3://x", List.of(event)));
    TryOutcome outcome = invoker.execute(
        new PythonInvoker.PythonTry(base.dag(), base.task(), -1, Map.of(), context, base.ctx()));
    assertThat(outcome).isEqualTo(new TryOutcome.Success(
        Map.of("s3://x", List.of(List.of(Map.of("rows", 5), "producer", 2024)))));
  }

  @Test
  void outletEventsCarryTheExtraAndTheAliasAdditionsOfTheTasksOutletsOnly() throws Exception {
    TryOutcome tagged = invoker.execute(call(CASES, "runner_cases", "tag_events", -1, Map.of()));
    assertThat(tagged).isEqualTo(new TryOutcome.Success(null, new OutletEvents(
        Map.of("s3://tagged", Map.of("rows", 3)),
        List.of(new OutletEvents.AliasEvent("s3://added", Map.of("part", 1), List.of("runner-alias"))))));

    TryOutcome yielded = invoker.execute(call(CASES, "runner_cases", "yield_metadata", -1, Map.of()));
    assertThat(yielded).as("a generator's Metadata set the events; what it returns is the XCom")
        .isEqualTo(new TryOutcome.Success("done", new OutletEvents(
            Map.of("s3://tagged", Map.of("by", "yield")),
            List.of(new OutletEvents.AliasEvent("s3://added", Map.of("part", 2), List.of("runner-alias"))))));
  }

  @Test
  void customOperatorRendersArgumentsPushesXcomAndLogs() throws Exception {
    TryOutcome outcome = run(VALID.resolve("custom_operator.py"), "custom_operator", "hello", Map.of("name", "Ada"));
    assertThat(outcome).isEqualTo(new TryOutcome.Success("Hello Ada on 2024-03-05"));
    assertThat(ctx.pushedXCom()).containsEntry("extra", Map.of("n", 1));
    assertThat(ctx.outputLines()).contains("Hello Ada on 2024-03-05");
    assertThat(ctx.outputLines()).anyMatch(l -> l.contains("logged Ada"));
  }

  @Test
  void callableGetsContextKwargsAndPullsXcoms() throws Exception {
    ctx.withXCom("hello", "return_value", "hi").withXCom("count", "return_value", 3);
    TryOutcome outcome = run(VALID.resolve("custom_operator.py"), "custom_operator", "pull", Map.of());
    assertThat(outcome).isEqualTo(new TryOutcome.Success(
        Map.of("pulled", "hi", "both", List.of("hi", 3), "conf", 7, "p", 1)));
  }

  @Test
  void sensorsPoke() throws Exception {
    Path file = VALID.resolve("custom_operator.py");
    assertThat(poke(file, "custom_operator", "count", Map.of())).isEqualTo(new PokeResult(false, 3));
    ctx.withXCom("hello", "extra", Map.of("n", 1));
    assertThat(poke(file, "custom_operator", "count", Map.of())).isEqualTo(new PokeResult(true, 3));
    assertThat(poke(file, "custom_operator", "py_sensor", Map.of("op_args", List.of(0))))
        .isEqualTo(new PokeResult(false, null));
    assertThat(poke(VALID.resolve("sensors_misc.py"), "sensors_misc", "ready", Map.of()))
        .isEqualTo(new PokeResult(true, null));
    assertThat(run(file, "custom_operator", "count", Map.of()))
        .as("a sensor run through execute succeeds once its condition holds")
        .isEqualTo(new TryOutcome.Success(3));
  }

  @Test
  void exceptionsMapToOutcomes() throws Exception {
    Path file = VALID.resolve("custom_operator.py");
    assertThat(run(file, "custom_operator", "skip", Map.of())).isEqualTo(new TryOutcome.Skipped("nothing to do"));
    assertThat(run(file, "custom_operator", "fail_hard", Map.of()))
        .isEqualTo(new TryOutcome.Failed("AirflowFailException: broken for good", true));
    assertThat(ctx.logText()).contains("custom_operator.py", "fail_hard");
    assertThat(run(file, "custom_operator", "fail_soft", Map.of())).isInstanceOfSatisfying(TryOutcome.Failed.class, f -> {
      assertThat(f.message()).startsWith("ValueError");
      assertThat(f.noRetry()).isFalse();
    });
    assertThat(run(file, "custom_operator", "no_such_task", Map.of()))
        .isInstanceOfSatisfying(TryOutcome.Failed.class, f -> assertThat(f.message()).contains("no_such_task"));
    assertThatThrownBy(() -> poke(file, "custom_operator", "skip", Map.of())).isInstanceOf(TaskSkipException.class);
    assertThatThrownBy(() -> poke(file, "custom_operator", "fail_hard", Map.of()))
        .isInstanceOf(TaskFailException.class).hasMessageContaining("broken for good");
  }

  @Test
  void branchesAndShortCircuits() throws Exception {
    Path file = VALID.resolve("branching.py");
    assertThat(run(file, "branching", "tf_branch", Map.of()))
        .isEqualTo(new TryOutcome.Branched(BranchDecision.only(List.of("odd")), List.of("odd")));
    assertThat(run(file, "branching", "branching", Map.of())).isInstanceOf(TryOutcome.Branched.class);
    assertThat(run(file, "branching", "check", Map.of())).isEqualTo(new TryOutcome.ShortCircuited(true, false, true));
    assertThat(run(file, "branching", "tf_check", Map.of()))
        .isEqualTo(new TryOutcome.ShortCircuited(false, true, false));
  }

  @Test
  void taskflowArgumentsMultipleOutputsAndMapping() throws Exception {
    Map<String, Object> orders = Map.of("1001", 301.5, "1002", 433.5);
    assertThat(run(VALID.resolve("taskflow_etl.py"), "tutorial_taskflow_api", "transform",
        Map.of("op_args", List.of(orders), "op_kwargs", Map.of())))
        .isEqualTo(new TryOutcome.Success(Map.of("total_order_value", 735.0)));
    assertThat(invoker.execute(call(CASES, "runner_cases", "square", 2, Map.of("x", 3))))
        .isEqualTo(new TryOutcome.Success(10));
    assertThat(ctx.outputLines()).contains("squaring 3");
    assertThat(run(CASES, "runner_cases", "unserializable", Map.of()))
        .isInstanceOfSatisfying(TryOutcome.Failed.class, f -> assertThat(f.message()).contains("not JSON serializable"));
  }

  @Test
  void contextLooksLikeAirflows() throws Exception {
    TryOutcome outcome = run(CASES, "runner_cases", "show_context",
        Map.of("templates_dict", Map.of("when", "2024-03-05"), "op_kwargs", Map.of("extra", "7")));
    assertThat(outcome).isEqualTo(new TryOutcome.Success(Map.of(
        "ds", "2024-03-05", "ts_nodash", "20240305T000000", "params", Map.of("p", 1, "x", 7),
        "conf", Map.of("x", 7, "who", "Ada"), "year", 2024, "templates", Map.of("when", "2024-03-05"),
        "same_context", true, "map_index", -1, "extra", "7")));
  }

  @Test
  void variableGetReadsTheTrysVariablesAndDefaultsAtParseTime() throws Exception {
    ctx.withVariable("greeting", "hello").withVariable("config", "{\"a\": [1, 2]}");
    assertThat(run(CASES, "runner_cases", "read_variables", Map.of()))
        .isEqualTo(new TryOutcome.Success(List.of("hello", "fallback", 5, Map.of("a", List.of(1, 2)))));
    ctx = FakeTaskContext.forTask("dag", "task");
    assertThat(run(CASES, "runner_cases", "read_variables", Map.of()))
        .isInstanceOfSatisfying(TryOutcome.Failed.class,
            f -> assertThat(f.message()).isEqualTo("KeyError: 'Variable greeting does not exist'"));
  }

  @Test
  void taskBashRunsTheReturnedCommand() throws Exception {
    assertThat(run(CASES, "runner_cases", "shout", Map.of("op_args", List.of("hi"))))
        .isEqualTo(new TryOutcome.Success("HI"));
    assertThat(ctx.outputLines()).contains("first", "HI");
  }

  @Test
  void cancelStopsTheTaskAndThePoolRecovers() throws Exception {
    PythonInvoker.PythonTry forever = call(CASES, "runner_cases", "forever", -1, Map.of());
    CompletableFuture<TryOutcome> outcome = CompletableFuture.supplyAsync(() -> {
      try {
        return invoker.execute(forever);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!outcome.isDone() && System.nanoTime() < deadline) { // until the call is registered and stopped
      Thread.sleep(200);
      invoker.cancel(ctx);
    }
    assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(TryOutcome.Failed.class,
        f -> assertThat(f.message()).startsWith("AirflowTaskTerminated"));
    assertThat(run(VALID.resolve("custom_operator.py"), "custom_operator", "skip", Map.of()))
        .isInstanceOf(TryOutcome.Skipped.class);
  }
}
