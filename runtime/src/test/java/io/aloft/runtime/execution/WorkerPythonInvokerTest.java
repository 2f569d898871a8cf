package io.aloft.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.SpecJson;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.python.PythonHost;
import io.aloft.runtime.python.TestPython;
import io.aloft.sdk.testing.FakeTaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@link GraalPythonInvokerTest} case again with the task in a Python worker process (callbacks, logs, XCom,
 * variables, cancellation cross the connection), and a task that kills its worker: that try fails with the
 * reason, the worker is replaced, and the next try runs.
 */
class WorkerPythonInvokerTest extends GraalPythonInvokerTest {

  @TempDir Path dags;

  @Override
  PythonHost host() {
    return TestPython.workers();
  }

  @Test
  void aTaskThatKillsItsWorkerFailsItsTryAndTheNextTryRuns() throws Exception {
    Path file = Files.writeString(dags.resolve("killer.py"), String.join("\n",
        "import os",
        "from datetime import datetime",
        "from airflow import DAG",
        "from airflow.decorators import task",
        "with DAG('killer', start_date=datetime(2024, 1, 1), schedule=None):",
        "    @task",
        "    def die(how):",
        "        if how == 'kill':",
        "            os.system('kill -9 %d' % os.getpid())  # GraalPy's own os.kill cannot reach its process",
        "        return 'alive'",
        "    die('x')",
        ""));
    GraalPythonInvoker invoker = new GraalPythonInvoker(host());
    int restarts = TestPython.workers().restarts();
    TryOutcome killed = invoker.execute(task(file, Map.of("how", "kill")));
    assertThat(killed).isInstanceOfSatisfying(TryOutcome.Failed.class, f -> {
      assertThat(f.message()).startsWith("AloftWorkerDied: the Python worker process died while running the task")
          .contains("killed by signal 9 (SIGKILL)");
      assertThat(f.noRetry()).as("retried per retries").isFalse();
    });
    assertThat(TestPython.workers().restarts()).isEqualTo(restarts + 1);
    assertThat(invoker.execute(task(file, Map.of("how", "live"))))
        .isEqualTo(new TryOutcome.Success("alive"));
  }

  private static PythonInvoker.PythonTry task(Path file, Map<String, Object> args) {
    DagSpec spec = SpecJson.parse(SpecJson.mapper().createObjectNode().put("dag_id", "killer")
        .put("fileloc", file.toString()).toString());
    TaskSpec taskSpec = SpecJson.mapper().convertValue(Map.of("task_id", "die"), TaskSpec.class);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("run_id", "manual__1");
    return new PythonInvoker.PythonTry(spec, taskSpec, -1, Map.of("op_args", java.util.List.of(), "op_kwargs", args),
        context, FakeTaskContext.forTask("killer", "die"));
  }
}
