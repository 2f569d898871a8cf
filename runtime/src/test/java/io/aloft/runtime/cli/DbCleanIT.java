package io.aloft.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.Main;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.NewDagRun;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.store.TiKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft db clean} on a store with old and new history: a dry run counts and keeps everything; a clean deletes
 * the old finished runs with their rows and log files, old XCom and audit entries, and keeps what is recent, what
 * is still running, and each DAG's latest scheduled run.
 */
class DbCleanIT {

  private static final Instant NOW = Instant.now();
  private static final Instant OLD = NOW.minus(Duration.ofDays(100));

  record Result(int code, String out, String err) {}

  @Test
  void dryRunCountsThenCleanDeletesOnlyOldFinishedHistory() throws Exception {
    Path home = Files.createTempDirectory("aloft-dbclean-");
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DATABASE_URL",
        TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres"), home, home);
    LogFiles logs = new LogFiles(config.logsFolder());
    try (Database db = Database.open(config)) {
      Stores stores = Stores.over(db, 1 << 20, io.aloft.runtime.store.SecretCipher.generate());
      TaskSpec t = TaskSpec.builder("t", "EmptyOperator").retryDelaySeconds(0).build();
      DagSpec spec = new DagSpec(DagSpec.CURRENT_VERSION, "d", "/dags/d.py", null, null, Schedule.none(), null, null,
          "UTC", false, 16, 16, null, List.of(), null, Map.of(), List.of(t), List.of(), "airflow");
      String hash = stores.dags().saveParsed(spec, false, NOW);
      // old and finished: go (two manual, one scheduled that is not the latest scheduled)
      run(stores, spec, hash, "old_manual_1", "manual", OLD, "success", logs);
      run(stores, spec, hash, "old_manual_2", "manual", OLD.plusSeconds(60), "failed", logs);
      run(stores, spec, hash, "old_scheduled_1", "scheduled", OLD.plusSeconds(120), "success", logs);
      // stay: the latest scheduled run (old), an old run still running, a new run
      run(stores, spec, hash, "old_scheduled_2", "scheduled", OLD.plusSeconds(180), "success", logs);
      run(stores, spec, hash, "old_running", "manual", OLD.plusSeconds(240), "running", logs);
      run(stores, spec, hash, "new_manual", "manual", NOW, "success", logs);
      stores.jdbi().useHandle(h -> {
        h.execute("INSERT INTO log (dttm, event, owner) VALUES (?, 'old_event', 'x'), (?, 'new_event', 'x')", OLD, NOW);
      });

      Result dry = run(config, "db", "clean", "--clean-before-timestamp", NOW.minus(Duration.ofDays(30)).toString(),
          "--dry-run");
      assertThat(dry.code()).as(dry.err()).isZero();
      assertThat(dry.out()).contains("Would delete").containsPattern("dag_run\\s+3\\b")
          .containsPattern("task_instance\\s+3\\b").containsPattern("task_try\\s+3\\b")
          .containsPattern("xcom\\s+4\\b").containsPattern("log\\s+1\\b").containsPattern("log files\\s+3\\b");
      assertThat(count(stores, "dag_run")).isEqualTo(6);
      assertThat(Files.exists(logs.path("d", "old_manual_1", "t", -1, 1))).isTrue();

      Result clean = run(config, "db", "clean", "--clean-before-timestamp", NOW.minus(Duration.ofDays(30)).toString(),
          "-y");
      assertThat(clean.code()).as(clean.err()).isZero();
      assertThat(clean.out()).contains("Deleted").containsPattern("dag_run\\s+3\\b").containsPattern("log files\\s+3\\b");
      assertThat(strings(stores, "SELECT run_id FROM dag_run ORDER BY run_id"))
          .containsExactly("new_manual", "old_running", "old_scheduled_2");
      assertThat(count(stores, "task_instance")).isEqualTo(3);
      assertThat(count(stores, "task_try")).isEqualTo(3);
      assertThat(strings(stores, "SELECT run_id FROM xcom ORDER BY run_id"))
          .as("the kept latest scheduled run's old XCom goes, the running run's stays")
          .containsExactly("new_manual", "old_running");
      assertThat(strings(stores, "SELECT event FROM log ORDER BY id")).containsExactly("new_event", "db_clean");
      for (String gone : List.of("old_manual_1", "old_manual_2", "old_scheduled_1")) {
        assertThat(config.logsFolder().resolve("dag_id=d").resolve("run_id=" + gone)).doesNotExist();
      }
      for (String kept : List.of("old_scheduled_2", "old_running", "new_manual")) {
        assertThat(logs.path("d", kept, "t", -1, 1)).exists();
      }

      Result unknown = run(config, "db", "clean", "--clean-before-timestamp", "2020-01-01", "--tables", "dag", "-y");
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("unknown table(s) [dag]").contains("dag_run,xcom,log");
    }
  }

  /** A run started at {@code start} with one try, one XCom and a log file. */
  private static void run(Stores stores, DagSpec spec, String hash, String runId, String type, Instant start,
      String state, LogFiles logs) throws Exception {
    stores.runs().create(new NewDagRun("d", runId, hash, type, start, start, start, Map.of(), true), spec, Map.of(),
        start);
    stores.jdbi().useHandle(h -> {
      h.execute("UPDATE dag_run SET state = ?, start_date = ? WHERE run_id = ?", state, start, runId);
      h.execute("UPDATE task_instance SET state = 'success', try_number = 1, start_date = ? WHERE run_id = ?", start,
          runId);
      h.execute("INSERT INTO task_try (dag_id, run_id, task_id, try_number, state, start_date) VALUES"
          + " ('d', ?, 't', 1, 'success', ?)", runId, start);
    });
    stores.xcoms().push(new TiKey("d", runId, "t", -1), "return_value", 1, start);
    Path log = logs.path("d", runId, "t", -1, 1);
    Files.createDirectories(log.getParent());
    Files.writeString(log, "hello from " + runId);
  }

  private static List<String> strings(Stores stores, String sql) {
    return stores.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
  }

  private static long count(Stores stores, String table) {
    return stores.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
  }

  private static Result run(AloftConfig config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(config, args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
