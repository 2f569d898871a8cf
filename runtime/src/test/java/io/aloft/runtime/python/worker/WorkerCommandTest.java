package io.aloft.runtime.python.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker JVM's command line: its heap, and its start-up cache only where that heap can use it. */
class WorkerCommandTest {

  @Test
  void heapSizesReadAsTheJvmReadsThem() {
    assertThat(PythonWorkers.heapBytes("768m")).isEqualTo(768L << 20);
    assertThat(PythonWorkers.heapBytes("1g")).isEqualTo(1L << 30);
    assertThat(PythonWorkers.heapBytes("40G")).isEqualTo(40L << 30);
    assertThat(PythonWorkers.heapBytes("524288k")).isEqualTo(512L << 20);
    assertThat(PythonWorkers.heapBytes("1073741824")).isEqualTo(1L << 30);
  }

  @Test
  void aWorkerUsesTheStartupCacheUnlessItsHeapTurnsCompressedPointersOff(@TempDir Path dir) throws Exception {
    Path cache = Files.writeString(dir.resolve("aloft-worker.aot"), "recorded");
    String before = System.getProperty(PythonWorkers.AOT_CACHE_PROPERTY);
    System.setProperty(PythonWorkers.AOT_CACHE_PROPERTY, cache.toString());
    try {
      assertThat(PythonWorkers.javaCommand("1g")).contains("-XX:AOTCache=" + cache, "-Xmx1g");
      assertThat(PythonWorkers.javaCommand("8g")).contains("-XX:AOTCache=" + cache, "-Xmx8g");
      assertThat(PythonWorkers.javaCommand("48g")).contains("-Xmx48g")
          .noneMatch(o -> o.startsWith("-XX:AOTCache="));
    } finally {
      if (before == null) {
        System.clearProperty(PythonWorkers.AOT_CACHE_PROPERTY);
      } else {
        System.setProperty(PythonWorkers.AOT_CACHE_PROPERTY, before);
      }
    }
  }
}
