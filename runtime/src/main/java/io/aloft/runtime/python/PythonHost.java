package io.aloft.runtime.python;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where Python code from DAG files runs: evaluating a DAG file, and calling a task's Python. Two hosts: {@link
 * PythonContextPool} runs the code in GraalPy contexts inside this JVM; {@code python.worker.PythonWorkers} runs it
 * in supervised worker processes, so that a file or task that kills its process, exhausts memory or hangs the
 * interpreter costs only that call (the daemon's default).
 *
 * <p>Threading: thread-safe; each call blocks only its own caller ({@link PythonCall#await}). Lifecycle: a host
 * starts warming up in the background when made; {@link #close} stops everything it runs.
 */
public interface PythonHost extends AutoCloseable {

  /** One task try's Python call: the DAG file (its source and module name) and the request for {@code _runner}. */
  record TaskCall(String source, String filename, String moduleName, String dagId, String taskId, String requestJson) {}

  /**
   * Evaluates a DAG file's source in a fresh module namespace ({@code _serialize.evaluate}); the call answers its
   * DAGs or its import error as JSON. With a {@code timeout}, a file that runs longer is stopped ({@link
   * PythonStoppedException.Reason#TIMEOUT}).
   */
  PythonCall<String> evaluateDagFile(String source, String filename, String moduleName, Duration timeout);

  /**
   * Runs one task try with its DAG file loaded ({@code _runner.run_task}); the call answers the outcome JSON. The
   * task's callbacks (XCom, variables, connections, log lines) go to {@code bridge}, on a thread of the host's.
   */
  PythonCall<String> runTask(TaskCall task, TaskBridge bridge);

  /**
   * Runs a task call on worker {@code worker} (1 to {@link #size}) when it becomes free within {@code wait}, else on
   * whichever is free first; 0 asks for any. For calls that leave state in their worker that the next call should
   * find (the triggerer's Python triggers keep their {@code run()} alive there). The call's {@link
   * PythonCall#worker} says where it ran. A host that cannot place calls runs them as {@link #runTask} does (its
   * calls then say worker 0).
   */
  default PythonCall<String> runTaskOn(int worker, Duration wait, TaskCall task, TaskBridge bridge) {
    return runTask(task, bridge);
  }

  /** Adds folders to the module search path of every context, present and future (plugin shims). */
  void extendPythonPath(List<Path> folders);

  /** Warms what the host held back until the first pass over the DAGs folder (more contexts, preloads). */
  void warmTheRest();

  /** Blocks until every context is warm with its preloads (benchmarks, tests); false on timeout. */
  boolean awaitWarm(Duration timeout) throws InterruptedException;

  /** How many calls can run at once. */
  int size();

  @Override
  void close();
}
