package io.aloft.runtime.python;

import java.nio.file.Path;
import java.util.List;

/**
 * One warm context pool for all Python tests in the JVM (creating contexts costs seconds), and the folder of
 * test DAG files. Used by the dagfile and execution tests too.
 */
public final class TestPython {

  public static final Path CORPUS = Path.of("src/test/resources/dagfiles").toAbsolutePath();
  private static PythonContextPool pool;

  private TestPython() {}

  public static synchronized PythonContextPool pool() {
    if (pool == null) {
      pool = new PythonContextPool(List.of(PythonResources.locate(Path.of("target/aloft-cache"))), 2, List.of());
    }
    return pool;
  }
}
