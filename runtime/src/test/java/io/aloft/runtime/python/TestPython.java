package io.aloft.runtime.python;

import io.aloft.runtime.python.worker.PythonWorkers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One warm context pool for all Python tests in the JVM (creating contexts costs seconds), and the folder of
 * test DAG files. Used by the dagfile and execution tests too.
 */
public final class TestPython {

  public static final Path CORPUS = Path.of("src/test/resources/dagfiles").toAbsolutePath();
  private static PythonContextPool pool;
  private static PythonWorkers workers;

  private TestPython() {}

  public static synchronized PythonContextPool pool() {
    if (pool == null) {
      pool = new PythonContextPool(List.of(PythonResources.locate(Path.of("target/aloft-cache"))), 2, List.of());
    }
    return pool;
  }

  /** One Python worker process for the tests that check what crosses the process boundary. */
  public static synchronized PythonWorkers workers() {
    if (workers == null) {
      workers = new PythonWorkers(PythonWorkers.javaCommand("768m"), new PythonContextPool.Setup(
          List.of(PythonResources.locate(Path.of("target/aloft-cache"))), List.of(), Map.of()), 1);
      Runtime.getRuntime().addShutdownHook(new Thread(workers::close));
    }
    return workers;
  }
}
