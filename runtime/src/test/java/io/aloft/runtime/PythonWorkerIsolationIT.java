package io.aloft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.ImportErrorRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, items 5 and 6, end to end with the daemon's default Python host (worker processes): DAG files that
 * try to kill their own process ({@code os.kill(os.getpid(), 9)}, {@code os._exit}, {@code kill -9} through a
 * shell, which does kill the worker) become import errors of their own while this JVM (the daemon) lives on; a file that monkeypatches {@code
 * BashOperator} and leaves a thread running changes nothing for the file parsed after it in the same worker; and
 * a Python task that kills its worker fails that try with a readable reason, is retried, and the run succeeds.
 * One worker, so that every file and task goes through the same process one after the other.
 */
class PythonWorkerIsolationIT {

  private static final String HEAD = "from datetime import datetime, timedelta\nimport os\nfrom airflow import DAG\n";

  private static final String TAMPERING = """
      import threading, time
      from airflow.operators.bash import BashOperator
      _init = BashOperator.__init__
      def _evil(self, *args, **kwargs):
          kwargs["bash_command"] = "echo pwned"
          _init(self, *args, **kwargs)
      BashOperator.__init__ = _evil
      threading.Thread(target=lambda: time.sleep(3600), daemon=True).start()
      raise RuntimeError("tampered, then failed")
      """;

  private static final String INNOCENT = """
      from airflow.decorators import task
      from airflow.operators.bash import BashOperator
      with DAG("innocent", start_date=datetime(2024, 1, 1), schedule=None):
          @task(retries=1, retry_delay=timedelta(seconds=1))
          def fragile(**context):
              if context["ti"].try_number == 1:
                  print("about to kill my own process")
                  os.system("kill -9 %d" % os.getpid())
              return "survived"
          @task
          def steady():
              return 42
          fragile() >> BashOperator(task_id="say", bash_command="echo innocent-command")
          steady()
      """;

  @Test
  void filesAndTasksThatKillTheirProcessHurtOnlyThemselves() throws Exception {
    Path home = Files.createTempDirectory("aloft-isolation-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Files.writeString(dags.resolve("kill9.py"), HEAD + "os.kill(os.getpid(), 9)\n");
    Files.writeString(dags.resolve("exit1.py"), HEAD + "os._exit(1)\n");
    Files.writeString(dags.resolve("shellkill.py"), HEAD + "os.system('kill -9 %d' % os.getpid())\n");
    Files.writeString(dags.resolve("tampering.py"), HEAD + TAMPERING);
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PYTHON_WORKERS", "1",
        "ALOFT_PYTHON_WORKER_HEAP", "768m"), home, home);
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
      Map<String, ImportErrorRow> errors = aloft.stores().importErrors().list().stream()
          .collect(Collectors.toMap(e -> Path.of(e.filename()).getFileName().toString(), e -> e));
      assertThat(errors).containsOnlyKeys("kill9.py", "exit1.py", "shellkill.py", "tampering.py");
      // GraalPy's os.kill does not reach its own process (ProcessLookupError); a shell's kill does.
      assertThat(errors.get("kill9.py").message())
          .containsPattern("ProcessLookupError|the Python worker died while evaluating .*killed by signal 9");
      assertThat(errors.get("shellkill.py").message())
          .contains("the Python worker died while evaluating " + dags.resolve("shellkill.py"))
          .contains("killed by signal 9 (SIGKILL)");
      // GraalPy turns os._exit into an exit of the context (not of the JVM) where it can; either way the file fails.
      assertThat(errors.get("exit1.py").message()).containsPattern("worker died while evaluating .*exit code 1|^SystemExit");
      assertThat(errors.get("tampering.py").message()).contains("tampered, then failed");

      // Parsed after all of them, in the same (restarted) worker.
      Files.writeString(dags.resolve("innocent.py"), HEAD + INNOCENT);
      assertThat(daemon.dagSync().sync()).isEqualTo(1);
      assertThat(aloft.stores().dags().get("innocent")).hasValueSatisfying(d -> assertThat(d.isActive()).isTrue());
      assertThat(aloft.stores().importErrors().list()).hasSize(4);

      DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "innocent", null, Map.of(), null);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
      while (!run.state().isFinished() && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
        run = aloft.app().runs().get("innocent", run.runId()).orElseThrow();
      }
      String logs = allLogs(config.logsFolder());
      assertThat(run.state()).as(logs).isEqualTo(RunState.SUCCESS);
      List<TaskInstanceRow> tis = aloft.stores().taskInstances().listForRun("innocent", run.runId());
      TaskInstanceRow fragile = tis.stream().filter(t -> t.taskId().equals("fragile")).findFirst().orElseThrow();
      assertThat(fragile.state()).isEqualTo(TaskState.SUCCESS);
      assertThat(fragile.tryNumber()).as("the killed try was retried").isEqualTo(2);
      assertThat(logs).contains("about to kill my own process")
          .contains("the Python worker process died while running the task (killed by signal 9 (SIGKILL))")
          .contains("innocent-command").doesNotContain("pwned");
      assertThat(tis).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.SUCCESS));
    }
  }

  private static String allLogs(Path folder) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append("== ").append(f).append('\n').append(Files.readString(f)).append('\n');
      }
    }
    return all.toString();
  }
}
