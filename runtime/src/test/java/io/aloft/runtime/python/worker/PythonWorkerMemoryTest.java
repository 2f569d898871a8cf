package io.aloft.runtime.python.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.runtime.python.PythonContextPool;
import io.aloft.runtime.python.PythonResources;
import io.aloft.runtime.python.PythonStoppedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A DAG file that exhausts its worker's heap: its evaluation fails with a message that names the limit to raise,
 * the worker is replaced, and the next file is evaluated as usual. Its own worker with a small heap, so that the
 * file reaches the limit at once.
 */
class PythonWorkerMemoryTest {

  private static final String HEAP = "512m";
  private static PythonWorkers workers;

  @BeforeAll
  static void start() {
    workers = new PythonWorkers(PythonWorkers.javaCommand(HEAP), new PythonContextPool.Setup(
        List.of(PythonResources.locate(Path.of("target/aloft-cache"))), List.of(), Map.of()), 1);
  }

  @AfterAll
  static void stop() {
    if (workers != null) {
      workers.close();
    }
  }

  @Test
  void aFileThatExhaustsTheHeapSaysSoAndTheWorkerIsReplaced() throws Exception {
    // One list of a billion ints: gigabytes in a single allocation, beyond any small heap however loaded the machine.
    String hog = "from airflow import DAG\nhog = [0] * (10 ** 9)\n";
    assertThatThrownBy(() -> workers.evaluateDagFile(hog, "/dags/hog.py", "hog_module", Duration.ofMinutes(5)).await())
        .isInstanceOfSatisfying(PythonStoppedException.class, e -> {
          assertThat(e.reason()).isEqualTo(PythonStoppedException.Reason.WORKER_DIED);
          assertThat(e.getMessage()).contains("out of memory (ALOFT_PYTHON_WORKER_HEAP=" + HEAP);
        });
    assertThat(workers.restarts()).isEqualTo(1);

    String fine = String.join("\n",
        "from datetime import datetime",
        "from airflow import DAG",
        "from airflow.operators.empty import EmptyOperator",
        "with DAG('after_the_hog', start_date=datetime(2024, 1, 1), schedule=None):",
        "    EmptyOperator(task_id='e')",
        "");
    String result = workers.evaluateDagFile(fine, "/dags/fine.py", "fine_module", Duration.ofMinutes(5)).await();
    assertThat(result).contains("after_the_hog");
  }
}
