package io.aloft.runtime.execution;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskContext;
import java.util.Map;

/**
 * Runs a task whose {@code execute} (or {@code poke}) is Python, in a GraalPy context (of a Python worker process,
 * by default) with the DAG file loaded. {@link GraalPythonInvoker} runs it in the Python host ({@code runtime.python}); an
 * interface so that executor tests without Python can fake it.
 */
public interface PythonInvoker {

  /** One Python call: rendered arguments (XCom references resolved), Airflow's context, the try's context. */
  record PythonTry(
      DagSpec dag, TaskSpec task, int mapIndex, Map<String, Object> args, Map<String, Object> airflowContext, TaskContext ctx) {}

  /** Runs {@code execute}; a branch, short-circuit, skip or failure comes back as the matching outcome. */
  TryOutcome execute(PythonTry call) throws Exception;

  /** Runs a sensor's {@code poke} once. */
  PokeResult poke(PythonTry call) throws Exception;

  /** Stops the call running for this try (execution_timeout), if any. */
  void cancel(TaskContext ctx);
}
