package io.aloft.runtime.execution;

import static io.aloft.runtime.execution.Specs.bash;
import static io.aloft.runtime.execution.Specs.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away under a running DAG and coming back (an external server restarted): the scheduler and
 * the executor wait for it, tries that ended meanwhile record their end once it is back, and the run finishes
 * with every task run once — no try failed, none retried, none run twice.
 */
class StoreRestartIT {

  private EmbeddedPostgres pg;
  private Path data;
  private TestEngine engine;

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (pg != null) {
      pg.close();
    }
    FileUtils.deleteDirectory(data.toFile());
  }

  private static EmbeddedPostgres start(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("fsync", "off")
        .start();
  }

  @Test
  void aRunSurvivesItsStoreRestartingWithEveryTaskRunOnce() throws Exception {
    data = Files.createTempDirectory("aloft-pg-restart-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    pg = start(data, port);
    Database db = Database.external(new AloftConfig.DatabaseConfig("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null));
    db.migrate();
    engine = new TestEngine(TestEngine.noPython(), db);
    // retries=0 everywhere: a try lost to the outage would fail the run.
    engine.save(dag("outage",
        bash("a", "echo a-started; sleep 3; echo a-done"),
        bash("b", "echo b-started; sleep 4; echo b-done"),
        bash("c", "echo c-done", "a", "b"),
        bash("d", "sleep 1; echo d-done", "c")));
    DagRunRow run = engine.trigger.trigger("outage", null, Map.of(), null);
    awaitRunning(run, "a", "b");

    pg.close(); // a fast shutdown: the pool's connections are cut, a and b run on and end while it is down
    pg = null;
    Thread.sleep(14_000); // longer than the pool waits for a connection (10 s): the writes fail and are repeated
    pg = start(data, port);

    DagRunRow done = engine.await("outage", run.runId(), Duration.ofSeconds(90));
    List<TaskInstanceRow> tis = engine.stores.taskInstances().listForRun("outage", run.runId());
    assertThat(tis).extracting(TaskInstanceRow::taskId, TaskInstanceRow::state, TaskInstanceRow::tryNumber)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("a", TaskState.SUCCESS, 1),
            org.assertj.core.groups.Tuple.tuple("b", TaskState.SUCCESS, 1),
            org.assertj.core.groups.Tuple.tuple("c", TaskState.SUCCESS, 1),
            org.assertj.core.groups.Tuple.tuple("d", TaskState.SUCCESS, 1));
    assertThat(done.state()).isEqualTo(RunState.SUCCESS);
    for (String task : List.of("a", "b", "c", "d")) {
      int tries = engine.stores.jdbi().withHandle(h -> h.createQuery(
              "SELECT count(*) FROM task_try WHERE dag_id = 'outage' AND run_id = :r AND task_id = :t")
          .bind("r", run.runId()).bind("t", task).mapTo(Integer.class).one());
      assertThat(tries).as("tries of %s", task).isEqualTo(1);
      String log = engine.log("outage", run.runId(), task, 1);
      assertThat(log).contains(task + "-done").contains("Marking task as SUCCESS");
      assertThat(log.split("Marking task as SUCCESS", -1)).as("the end is said once").hasSize(2);
    }
  }

  /** Waits until these tasks' commands run (their logs say so): their ends are written while the store is away. */
  private void awaitRunning(DagRunRow run, String... tasks) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      if (List.of(tasks).stream().allMatch(t -> engine.log(run.dagId(), run.runId(), t, 1).contains(t + "-started"))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the tasks " + List.of(tasks) + " did not start within 30 s");
  }
}
