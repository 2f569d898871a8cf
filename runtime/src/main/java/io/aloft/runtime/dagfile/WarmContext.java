package io.aloft.runtime.dagfile;

import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * One GraalPy context with the {@code airflow} package imported, plus handles to the Python entry points.
 * Used by one thread at a time (the pool hands it out); {@link #cancel} may be called from any thread.
 */
final class WarmContext {

  private static final int MAX_LOADED_MODULES = 32;

  final Context context;
  final Value evaluate;
  final Value importModule;
  /** {@code airflow._paths.add}: appends folders to the search path. */
  final Value addPaths;
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
  }

  /** {@code airflow.sdk._runner}, imported on first use (the pool may preload it). */
  private Value runner() {
    if (runner == null) {
      runner = importModule.execute("airflow.sdk._runner");
    }
    return runner;
  }

  /** Runs one task try; see {@code _runner.run_task}. */
  Value runTask(Object... args) {
    return runner().invokeMember("run_task", args);
  }

  /** Loads a DAG file's module for task runs unless this context already has that version. */
  void ensureLoaded(String source, String filename, String moduleName) {
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
