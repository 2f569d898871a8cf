package io.aloft.runtime.python;

import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One GraalPy context with the {@code airflow} package imported, plus handles to the Python entry points:
 * evaluating a DAG file ({@link #evaluateDagFile}) and running a task of a loaded one ({@link #runTask}).
 * Callers get one inside {@link PythonContextPool#submit}; it is used by one thread at a time (the pool hands
 * it out) and must not be kept after the call. {@link #cancel} may be called from any thread.
 */
public final class WarmContext {

  private static final int MAX_LOADED_MODULES = 32;

  final Context context;
  final Value evaluate;
  final Value importModule;
  /** {@code airflow._paths.add}: appends folders to the search path. */
  final Value addPaths;
  /** {@code airflow.sdk._isolation.watch}: records the current state as pristine. */
  final Value watch;
  /** {@code airflow.sdk._isolation.changed}: what a call changed in the shared state, or None. */
  private final Value changed;
  /** Which {@link PythonContextPool#extendPythonPath} state this context's search path reflects. */
  int pathGeneration;
  private Value runner;
  private volatile boolean cancelled;
  /** Module names of DAG files loaded for task runs, least recently used first. */
  private final Map<String, Boolean> loaded = new LinkedHashMap<>(16, 0.75f, true);

  WarmContext(Context context, Value entryPoints) {
    this.context = context;
    this.evaluate = entryPoints.getArrayElement(0);
    this.importModule = entryPoints.getArrayElement(1);
    this.addPaths = entryPoints.getArrayElement(2);
    this.watch = entryPoints.getArrayElement(3);
    this.changed = entryPoints.getArrayElement(4);
  }

  /** {@code airflow.sdk._runner}, imported on first use (the pool may preload it). */
  private Value runner() {
    if (runner == null) {
      runner = importModule.execute("airflow.sdk._runner");
    }
    return runner;
  }

  /**
   * Evaluates a DAG file's source in a fresh module namespace ({@code _serialize.evaluate}); answers its DAGs
   * or its import error as JSON.
   */
  public String evaluateDagFile(String source, String filename, String moduleName) {
    return evaluate.execute(source, filename, moduleName).asString();
  }

  /**
   * Runs one task try of a DAG file loaded by {@link #ensureLoaded} ({@code _runner.run_task}); answers the
   * outcome as JSON: {@code {"kind": "returned" | "branch" | "short_circuit" | "poke" | "skipped" |
   * "failed", ...}}. The task's errors come back as a {@code failed} outcome, never as an exception.
   *
   * @param requestJson {@code {"arguments": {...}, "context": {...}}}: the rendered arguments and Airflow's
   *     template context
   */
  public String runTask(String moduleName, String dagId, String taskId, String requestJson, TaskBridge bridge) {
    ProxyExecutable pull = args -> bridge.xcomPull(args[0].asString());
    ProxyExecutable push = args -> bridge.xcomPush(args[0].asString(), args[1].asString());
    ProxyExecutable variable = args -> bridge.variable(args[0].asString());
    ProxyExecutable log = args -> {
      bridge.log(args[0].asString());
      return null;
    };
    return runner().invokeMember("run_task", moduleName, dagId, taskId, requestJson, pull, push, log, variable)
        .asString();
  }

  /**
   * Loads a DAG file's module for task runs unless this context already has that version (module names
   * carry the content hash: {@link DagModules#name}); keeps the 32 most recently used.
   */
  public void ensureLoaded(String source, String filename, String moduleName) {
    if (loaded.get(moduleName) != null) {
      return;
    }
    runner().invokeMember("load_module", source, filename, moduleName);
    loaded.put(moduleName, Boolean.TRUE);
    if (loaded.size() > MAX_LOADED_MODULES) {
      String eldest = loaded.keySet().iterator().next();
      loaded.remove(eldest);
      runner().invokeMember("unload_module", eldest);
    }
  }

  /** What the last call changed in the state every call shares (see {@code _isolation}), or null. */
  String changedState() {
    Value change = changed.execute();
    return change.isNull() ? null : change.asString();
  }

  /** Stops whatever runs in this context; the context is unusable afterwards. */
  void cancel() {
    cancelled = true;
    try {
      context.close(true);
    } catch (RuntimeException alreadyClosing) {
      // Closing a context that is being closed or was closed is fine: it is dead either way.
    }
  }

  boolean isCancelled() {
    return cancelled;
  }

  void close() {
    cancel();
  }
}
