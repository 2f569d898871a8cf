package io.aloft.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A daemon restart while tasks are deferred loses none of them: the triggers are in PostgreSQL, the restarted
 * daemon's triggerer takes them back and the tasks resume in the try that deferred (a Python DAG file, the whole
 * daemon, real PostgreSQL).
 */
class DeferredRestartIT {

  private static final String DAG = """
      import datetime
      from airflow import DAG
      from airflow.operators.bash import BashOperator
      from airflow.sensors.time_delta import TimeDeltaSensorAsync
      with DAG("restart_deferred", start_date=datetime.datetime(2024, 1, 1), schedule=None, catchup=False):
          waits = [TimeDeltaSensorAsync(task_id="wait_%d" % i, delta=datetime.timedelta(seconds=15)) for i in range(3)]
          waits >> BashOperator(task_id="after", bash_command="echo after the restart")
      """;

  @Test
  void tasksDeferredBeforeARestartFinishAfterIt() throws Exception {
    Path home = Files.createTempDirectory("aloft-deferred-restart-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Files.writeString(dags.resolve("restart_deferred.py"), DAG);
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PYTHON_WORKERS", "1"),
        home, home);
    String runId;
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
      DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "restart_deferred", null, Map.of(), null);
      runId = run.runId();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (deferred(aloft, runId) < 3 && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      assertThat(deferred(aloft, runId)).as("all three sensors deferred before the restart").isEqualTo(3);
    }
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
      DagRunRow run = aloft.stores().runs().get("restart_deferred", runId).orElseThrow();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while (!run.state().isFinished() && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
        run = aloft.stores().runs().get("restart_deferred", runId).orElseThrow();
      }
      assertThat(run.state()).isEqualTo(RunState.SUCCESS);
      List<TaskInstanceRow> tis = aloft.stores().taskInstances().listForRun("restart_deferred", runId);
      assertThat(tis).hasSize(4).allSatisfy(t -> {
        assertThat(t.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(t.tryNumber()).isEqualTo(1);
      });
    }
  }

  private static long deferred(Aloft aloft, String runId) {
    return aloft.stores().taskInstances().listForRun("restart_deferred", runId).stream()
        .filter(t -> t.state() == TaskState.DEFERRED).count();
  }
}
