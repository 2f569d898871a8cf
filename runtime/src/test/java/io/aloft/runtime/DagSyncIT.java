package io.aloft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DAGs folder and the store stay in step: changes re-parse, breaks keep the last good version, deletes deactivate. */
class DagSyncIT {

  private static String dagFile(String bashCommand) {
    return String.join("\n",
        "from datetime import datetime",
        "from airflow import DAG",
        "from airflow.operators.bash import BashOperator",
        "with DAG('synced', start_date=datetime(2024, 1, 1), schedule=None) as dag:",
        "    BashOperator(task_id='t', bash_command='" + bashCommand + "')",
        "");
  }

  @Test
  void aBrokenFileKeepsItsLastGoodVersionAndRuns() throws Exception {
    Path home = Files.createTempDirectory("aloft-sync-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Path file = dags.resolve("synced.py");
    Files.writeString(file, dagFile("echo one"));
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres"), home, home);
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
      DagRow first = aloft.stores().dags().get("synced").orElseThrow();
      assertThat(daemon.dagSync().sync()).as("unchanged files are not re-evaluated").isZero();
      aloft.app().dags().requestParse(io.aloft.runtime.app.Actor.SYSTEM, first.fileloc());
      assertThat(daemon.dagSync().sync()).as("unless a user asks (PUT /parseDagFile)").isEqualTo(1);
      assertThat(daemon.dagSync().sync()).as("once").isZero();
      // between two listings (file events said nothing changed) the watcher asks only the store
      aloft.app().dags().requestParse(io.aloft.runtime.app.Actor.SYSTEM, first.fileloc());
      assertThat(daemon.dagSync().syncRequested()).as("a parse request is acted on without a listing").isEqualTo(1);
      assertThat(daemon.dagSync().syncRequested()).as("once").isZero();

      Files.writeString(file, dagFile("echo two"));
      assertThat(daemon.dagSync().syncRequested()).as("a changed file waits for its event's listing").isZero();
      assertThat(daemon.dagSync().sync()).isEqualTo(1);
      DagRow second = aloft.stores().dags().get("synced").orElseThrow();
      assertThat(second.specHash()).isNotEqualTo(first.specHash());

      Files.writeString(file, dagFile("echo three") + "this is not python(\n");
      daemon.dagSync().sync();
      assertThat(aloft.stores().importErrors().list()).singleElement().satisfies(e -> {
        assertThat(e.filename()).isEqualTo(file.toString());
        assertThat(e.lineno()).isEqualTo(6);
        assertThat(e.message()).containsIgnoringCase("syntax");
      });
      DagRow kept = aloft.stores().dags().get("synced").orElseThrow();
      assertThat(kept.isActive()).isTrue();
      assertThat(kept.specHash()).isEqualTo(second.specHash());
      var queued = aloft.app().runs().trigger(io.aloft.runtime.app.Actor.SYSTEM, "synced", null, Map.of(), null);
      assertThat(queued.state().airflowName()).isEqualTo("queued");

      Files.writeString(file, dagFile("echo four"));
      daemon.dagSync().sync();
      assertThat(aloft.stores().importErrors().list()).isEmpty();

      // the daemon runs the run meanwhile; a DAG with a running try cannot be deleted
      java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
      while (!aloft.app().runs().get("synced", queued.runId()).orElseThrow().state().isFinished()
          && java.time.Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      aloft.app().dags().delete(io.aloft.runtime.app.Actor.SYSTEM, "synced");
      assertThat(aloft.stores().dags().get("synced")).isEmpty();
      assertThat(daemon.dagSync().syncRequested()).as("a deleted DAG whose file is still there is parsed again, without"
          + " waiting for a listing").isEqualTo(1);
      assertThat(aloft.stores().dags().get("synced")).isPresent();
      assertThat(aloft.app().runs().list("synced", 10, 0)).as("its history stays deleted").isEmpty();

      Files.delete(file);
      daemon.dagSync().sync();
      assertThat(aloft.stores().dags().get("synced").orElseThrow().isActive()).isFalse();
    }
  }

  @Test
  void aFileWhoseImportErrorHoldsNulGetsItAndTheOtherFilesOfThePassStillLoad() throws Exception {
    Path home = Files.createTempDirectory("aloft-sync-nul-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres"), home, home);
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, false))) {
      // Both written after the first pass, so that one pass evaluates both.
      Path bad = dags.resolve("a_bad.py");
      Files.writeString(bad, "from airflow import DAG\nraise ValueError('bad' + chr(0) + 'byte')\n");
      Files.writeString(dags.resolve("b_good.py"), dagFile("echo good"));
      // The listing's own rules, kept when it became one stat per file: byte-code caches and hidden files do not
      // count, a symbolic link counts as the file it points to.
      Files.writeString(Files.createDirectories(dags.resolve("__pycache__")).resolve("c_cached.py"),
          dagFile("echo cached").replace("'synced'", "'cached'"));
      Files.writeString(dags.resolve(".d_hidden.py"), dagFile("echo hidden").replace("'synced'", "'hidden'"));
      Path outside = Files.writeString(home.resolve("elsewhere.py"), dagFile("echo linked").replace("'synced'", "'linked'"));
      Files.createSymbolicLink(dags.resolve("e_link.py"), outside);
      assertThat(daemon.dagSync().sync()).isEqualTo(3);
      assertThat(aloft.stores().dags().get("linked")).isPresent();
      assertThat(aloft.stores().dags().get("cached")).isEmpty();
      assertThat(aloft.stores().dags().get("hidden")).isEmpty();
      assertThat(daemon.dagSync().sync()).as("nothing changed").isZero();
      assertThat(aloft.stores().importErrors().list()).singleElement().satisfies(e -> {
        assertThat(e.filename()).isEqualTo(bad.toString());
        assertThat(e.message()).contains("bad\u2400byte");
      });
      assertThat(aloft.stores().dags().get("synced")).isPresent();
    }
  }
}
