package io.aloft.runtime.dagfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.python.PythonContextPool;
import io.aloft.runtime.python.PythonResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DAG file's top-level code cannot change what another file sees: in a pool of one context, a file that
 * monkeypatches {@code BashOperator.__init__}, raises the recursion limit, writes to {@code builtins} and
 * leaves a thread running (then fails) is followed by an innocent file that finds everything pristine;
 * innocent files never cost a context.
 */
class IsolationTest {

  private static PythonContextPool pool;
  private static DagFileProcessor processor;

  @TempDir Path dags;

  @BeforeAll
  static void start() throws InterruptedException {
    pool = new PythonContextPool(List.of(PythonResources.locate(Path.of("target/aloft-cache"))), 1, List.of());
    assertThat(pool.awaitWarm(Duration.ofMinutes(3))).isTrue();
    processor = new DagFileProcessor(pool, TestDagFiles.registry(), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  private static final String INNOCENT = """
      import builtins, sys, threading
      from airflow import DAG
      from airflow.operators.bash import BashOperator
      assert not hasattr(builtins, "aloft_hoard"), "builtins still hold the other file's data"
      assert sys.getrecursionlimit() < 50000, "the other file's recursion limit"
      assert threading.active_count() == 1, "the other file's thread still runs"
      with DAG("innocent", schedule=None):
          BashOperator(task_id="hello", bash_command="echo hello")
      """;

  private static final String TAMPERING = """
      import builtins, sys, threading, time
      from airflow import DAG
      from airflow.operators.bash import BashOperator
      _init = BashOperator.__init__
      def _evil(self, *args, **kwargs):
          kwargs["bash_command"] = "echo pwned"
          _init(self, *args, **kwargs)
      BashOperator.__init__ = _evil
      sys.setrecursionlimit(60000)
      builtins.aloft_hoard = "x" * 1_000_000
      threading.Thread(target=lambda: time.sleep(3600), daemon=True).start()
      raise RuntimeError("tampered, then failed")
      """;

  @Test
  void aTamperingFileLeavesNothingBehindForTheNextFile() throws Exception {
    Path innocent = write("innocent.py", INNOCENT);
    FileParseResult before = processor.parse(innocent);
    assertThat(before.error()).isEmpty();
    int discarded = pool.discardedForChanges();
    assertThat(processor.parse(innocent).error()).isEmpty();
    assertThat(pool.discardedForChanges()).as("innocent files keep their context").isEqualTo(discarded);

    FileParseResult tampering = processor.parse(write("tampering.py", TAMPERING));
    assertThat(tampering.error()).hasValueSatisfying(e -> assertThat(e.message()).contains("tampered, then failed"));
    assertThat(pool.discardedForChanges()).isEqualTo(discarded + 1);

    FileParseResult after = processor.parse(innocent);
    assertThat(after.error()).isEmpty();
    assertThat(after.dags().getFirst().tasks().getFirst().args()).containsEntry("bash_command", "echo hello");
  }

  @Test
  void eachKindOfChangeIsNoticedOnItsOwn() throws Exception {
    List<String> changes = List.of(
        "import sys\nsys.setrecursionlimit(60000)",
        "import builtins\nbuiltins.aloft_hoard = [0] * 1000",
        "from airflow.operators.bash import BashOperator\nBashOperator.template_fields = ()",
        "import airflow\nairflow.DAG = None",
        "import threading, time\nthreading.Thread(target=lambda: time.sleep(3600), daemon=True).start()",
        "import sys\nsys.setprofile(lambda frame, event, arg: None)");
    Path innocent = write("innocent.py", INNOCENT);
    for (String change : changes) {
      int discarded = pool.discardedForChanges();
      processor.parse(write("change.py", "# airflow dag\n" + change + "\n"));
      assertThat(pool.discardedForChanges()).as(change).isEqualTo(discarded + 1);
      assertThat(processor.parse(innocent).error()).as("after " + change).isEmpty();
    }
  }

  /**
   * A replacement whose {@code __eq__} answers True to everything compares equal to what it replaced, so the check
   * compares identity: the module attribute, the class attribute, the builtin and the import hook replaced by such
   * objects are each noticed, and the innocent file after the first gets the real {@code BashOperator}.
   */
  @Test
  void aReplacementThatClaimsToBeEqualIsNoticed() throws Exception {
    String liar = """
        # airflow dag
        import builtins, functools, sys
        import airflow.operators.bash as bash
        from airflow.operators.bash import BashOperator
        class Liar:
            def __init__(self, real):
                self.real = real
            def __eq__(self, other):
                return True
            __hash__ = object.__hash__
            def __get__(self, instance, owner=None):
                return self if instance is None else functools.partial(self, instance)
            def __call__(self, *args, **kwargs):
                if "bash_command" in kwargs:
                    kwargs["bash_command"] = "echo pwned"
                return self.real(*args, **kwargs)
        """;
    Path innocent = write("innocent.py", INNOCENT);
    assertThat(processor.parse(innocent).error()).isEmpty();
    List<String> replacements = List.of("bash.BashOperator = Liar(BashOperator)",
        "BashOperator.__init__ = Liar(BashOperator.__init__)", "builtins.len = Liar(len)",
        "sys.meta_path[0] = Liar(sys.meta_path[0])");
    for (String replacement : replacements) {
      int discarded = pool.discardedForChanges();
      processor.parse(write("liar.py", liar + replacement + "\n"));
      assertThat(pool.discardedForChanges()).as(replacement).isEqualTo(discarded + 1);
      FileParseResult after = processor.parse(innocent);
      assertThat(after.error()).as("after " + replacement).isEmpty();
      assertThat(after.dags().getFirst().tasks().getFirst().args()).as("after " + replacement)
          .containsEntry("bash_command", "echo hello");
    }
  }

  @Test
  void aFileThatLogsChangesNothing() throws Exception {
    // logging asks for threading.current_thread(), which registers the pool thread that runs the call as a
    // _DummyThread: a host thread, not one the file left running, so the context stays in use, and the next file
    // finds threading.active_count() as it was.
    Path logs = write("logs.py", """
        # airflow dag
        import logging, threading
        from airflow import DAG
        from airflow.operators.empty import EmptyOperator
        logging.getLogger("aloft.test").warning("from a file")
        assert isinstance(threading.current_thread(), (threading._MainThread, threading._DummyThread))
        with DAG("logs", schedule=None):
            EmptyOperator(task_id="noop")
        """);
    int discarded = pool.discardedForChanges();
    Path innocent = write("innocent.py", INNOCENT);
    for (int i = 0; i < 3; i++) {
      assertThat(processor.parse(logs).error()).isEmpty();
      assertThat(processor.parse(innocent).error()).isEmpty();
    }
    assertThat(pool.discardedForChanges()).isEqualTo(discarded);
  }

  private Path write(String name, String source) throws Exception {
    return Files.writeString(dags.resolve(name), source);
  }
}
