package io.aloft.runtime.dagfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Python task tries through {@link PythonTaskRunner}: outcomes, context, XCom callbacks, logs, timeouts. */
class DagPythonTaskRunnerTest {

  private static final Path VALID = TestPython.CORPUS.resolve("valid");
  private static final Path CASES = TestPython.CORPUS.resolve("runner/runner_cases.py");

  private final PythonTaskRunner runner = new PythonTaskRunner(TestPython.pool());
  private final RecordingCallbacks callbacks = new RecordingCallbacks();

  private TaskOutcome run(Path file, String dag, String task, Map<String, Object> args) throws InterruptedException {
    return runner.run(new PythonTaskRequest(file, dag, task, -1, args, context(), Optional.empty()), callbacks);
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
  void customOperatorRendersArgumentsPushesXcomAndLogs() throws Exception {
    TaskOutcome outcome = run(VALID.resolve("custom_operator.py"), "custom_operator", "hello", Map.of("name", "Ada"));
    assertThat(outcome).isEqualTo(new TaskOutcome.Returned("Hello Ada on 2024-03-05"));
    assertThat(callbacks.pushed).containsEntry("extra", Map.of("n", 1));
    assertThat(callbacks.lines).contains("Hello Ada on 2024-03-05");
    assertThat(callbacks.lines).anyMatch(l -> l.contains("logged Ada"));
  }

  @Test
  void callableGetsContextKwargsAndPullsXcoms() throws Exception {
    callbacks.xcoms.put("hello", "hi");
    callbacks.xcoms.put("count", 3);
    TaskOutcome outcome = run(VALID.resolve("custom_operator.py"), "custom_operator", "pull", Map.of());
    assertThat(outcome).isEqualTo(new TaskOutcome.Returned(
        Map.of("pulled", "hi", "both", List.of("hi", 3), "conf", 7, "p", 1)));
    assertThat(callbacks.pulls).contains("hello/return_value", "[hello, count]/return_value");
  }

  @Test
  void sensorsPoke() throws Exception {
    assertThat(run(VALID.resolve("custom_operator.py"), "custom_operator", "count", Map.of()))
        .isEqualTo(new TaskOutcome.SensorPoke(false, 3));
    callbacks.xcoms.put("hello", "x");
    assertThat(run(VALID.resolve("custom_operator.py"), "custom_operator", "count", Map.of()))
        .isEqualTo(new TaskOutcome.SensorPoke(true, 3));
    assertThat(run(VALID.resolve("custom_operator.py"), "custom_operator", "py_sensor", Map.of("op_args", List.of(0))))
        .isEqualTo(new TaskOutcome.SensorPoke(false, null));
    assertThat(run(VALID.resolve("sensors_misc.py"), "sensors_misc", "ready", Map.of()))
        .isEqualTo(new TaskOutcome.SensorPoke(true, null));
  }

  @Test
  void exceptionsMapToOutcomes() throws Exception {
    Path file = VALID.resolve("custom_operator.py");
    assertThat(run(file, "custom_operator", "skip", Map.of())).isEqualTo(new TaskOutcome.Skipped("nothing to do"));
    TaskOutcome hard = run(file, "custom_operator", "fail_hard", Map.of());
    assertThat(hard).isInstanceOfSatisfying(TaskOutcome.Failed.class, f -> {
      assertThat(f.exceptionType()).isEqualTo("AirflowFailException");
      assertThat(f.message()).isEqualTo("broken for good");
      assertThat(f.noRetry()).isTrue();
      assertThat(f.traceback()).contains("custom_operator.py", "fail_hard");
    });
    TaskOutcome soft = run(file, "custom_operator", "fail_soft", Map.of());
    assertThat(soft).isInstanceOfSatisfying(TaskOutcome.Failed.class, f -> {
      assertThat(f.exceptionType()).isEqualTo("ValueError");
      assertThat(f.noRetry()).isFalse();
    });
    assertThat(run(file, "custom_operator", "no_such_task", Map.of()))
        .isInstanceOfSatisfying(TaskOutcome.Failed.class, f -> assertThat(f.message()).contains("no_such_task"));
  }

  @Test
  void branchesAndShortCircuits() throws Exception {
    Path file = VALID.resolve("branching.py");
    assertThat(run(file, "branching", "tf_branch", Map.of()))
        .isEqualTo(new TaskOutcome.Branch(List.of("odd"), List.of("odd")));
    assertThat(run(file, "branching", "branching", Map.of()))
        .isInstanceOfSatisfying(TaskOutcome.Branch.class,
            b -> assertThat(b.followTaskIds()).containsAnyOf("branch_a", "branch_b").hasSize(1));
    assertThat(run(file, "branching", "check", Map.of()))
        .isEqualTo(new TaskOutcome.ShortCircuit(true, false, true));
    assertThat(run(file, "branching", "tf_check", Map.of()))
        .isEqualTo(new TaskOutcome.ShortCircuit(false, true, false));
  }

  @Test
  void taskflowArgumentsMultipleOutputsAndMapping() throws Exception {
    Map<String, Object> orders = Map.of("1001", 301.5, "1002", 433.5);
    assertThat(run(VALID.resolve("taskflow_etl.py"), "tutorial_taskflow_api", "transform",
        Map.of("op_args", List.of(orders), "op_kwargs", Map.of())))
        .isEqualTo(new TaskOutcome.Returned(Map.of("total_order_value", 735.0)));
    TaskOutcome mapped = runner.run(new PythonTaskRequest(CASES, "runner_cases", "square", 2,
        Map.of("x", 3), context(), Optional.empty()), callbacks);
    assertThat(mapped).isEqualTo(new TaskOutcome.Returned(10));
    assertThat(callbacks.lines).contains("squaring 3");
    assertThat(run(CASES, "runner_cases", "unserializable", Map.of()))
        .isInstanceOfSatisfying(TaskOutcome.Failed.class, f -> assertThat(f.message()).contains("not JSON serializable"));
  }

  @Test
  void contextLooksLikeAirflows() throws Exception {
    TaskOutcome outcome = run(CASES, "runner_cases", "show_context",
        Map.of("templates_dict", Map.of("when", "2024-03-05"), "op_kwargs", Map.of("extra", "7")));
    assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Returned.class, r -> assertThat(r.value()).isEqualTo(Map.of(
        "ds", "2024-03-05", "ts_nodash", "20240305T000000", "params", Map.of("p", 1, "x", 7),
        "conf", Map.of("x", 7, "who", "Ada"), "year", 2024, "templates", Map.of("when", "2024-03-05"),
        "same_context", true, "map_index", -1, "extra", "7")));
  }

  @Test
  void variablesComeFromTheCallbacksAndDefaultsAtParseTime() throws Exception {
    callbacks.variables.put("greeting", "hello");
    callbacks.variables.put("config", "{\"a\": [1, 2]}");
    assertThat(run(CASES, "runner_cases", "read_variables", Map.of()))
        .isEqualTo(new TaskOutcome.Returned(List.of("hello", "fallback", 5, Map.of("a", List.of(1, 2)))));
  }

  @Test
  void taskBashRunsTheReturnedCommand() throws Exception {
    assertThat(run(CASES, "runner_cases", "shout", Map.of("op_args", List.of("hi"))))
        .isEqualTo(new TaskOutcome.Returned("HI"));
    assertThat(callbacks.lines).contains("first", "HI");
  }

  @Test
  void executionTimeoutStopsTheTaskAndThePoolRecovers() throws Exception {
    long start = System.nanoTime();
    TaskOutcome outcome = runner.run(new PythonTaskRequest(CASES, "runner_cases", "forever", -1, Map.of(), context(),
        Optional.of(Duration.ofSeconds(1))), callbacks);
    assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class,
        f -> assertThat(f.exceptionType()).isEqualTo("AirflowTaskTimeout"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));

    PythonTaskRunner.Execution execution = runner.start(new PythonTaskRequest(CASES, "runner_cases", "forever", -1,
        Map.of(), context(), Optional.empty()), callbacks);
    Thread.sleep(300);
    execution.cancel();
    assertThat(execution.await()).isInstanceOfSatisfying(TaskOutcome.Failed.class,
        f -> assertThat(f.exceptionType()).isEqualTo("AirflowTaskTerminated"));

    assertThat(run(VALID.resolve("custom_operator.py"), "custom_operator", "skip", Map.of()))
        .isInstanceOf(TaskOutcome.Skipped.class);
  }

  /** Records callbacks; answers pulls from {@link #xcoms}. */
  static final class RecordingCallbacks implements TaskCallbacks {
    final Map<String, Object> xcoms = new LinkedHashMap<>();
    final Map<String, Object> pushed = new LinkedHashMap<>();
    final List<String> lines = new ArrayList<>();
    final List<String> pulls = new ArrayList<>();
    final Map<String, String> variables = new LinkedHashMap<>();

    @Override
    public synchronized String variable(String key) {
      return variables.get(key);
    }

    @Override
    public synchronized Object xcomPull(Object taskIds, String key, Object mapIndexes) {
      pulls.add(taskIds + "/" + key);
      if (taskIds instanceof List<?> ids) {
        return ids.stream().map(xcoms::get).toList();
      }
      return xcoms.get(String.valueOf(taskIds));
    }

    @Override
    public synchronized void xcomPush(String key, Object value) {
      pushed.put(key, value);
    }

    @Override
    public synchronized void log(String line) {
      lines.add(line);
    }
  }
}
