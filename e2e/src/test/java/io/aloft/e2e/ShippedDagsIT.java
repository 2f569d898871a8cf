package io.aloft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
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
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example DAGs in dags/ parse through GraalPy and run end to end in a real daemon over PostgreSQL. */
class ShippedDagsIT {

  private static Aloft aloft;
  private static Daemon daemon;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("aloft-shipped-");
    AloftConfig config = ConfigLoader.load(
        Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", Path.of("..", "dags").toAbsolutePath().normalize().toString(),
            "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres",
            "ALOFT_BUNDLED_PLUGINS", Path.of("..", "plugins").toAbsolutePath().normalize().toString()),
        home, home);
    aloft = Aloft.openStore(config);
    daemon = Daemon.start(aloft, new Daemon.Options(false, false));
  }

  @AfterAll
  static void stop() {
    daemon.close();
    aloft.close();
  }

  private static DagRunRow run(String dagId, Map<String, Object> conf) throws InterruptedException {
    DagRunRow r = aloft.app().runs().trigger(io.aloft.runtime.app.Actor.cli("e2e"), dagId, null, conf, null);
    long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < end) {
      DagRunRow now = aloft.stores().runs().get(dagId, r.runId()).orElseThrow();
      if (now.state().isFinished()) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(dagId + " did not finish");
  }

  private static Map<String, TaskInstanceRow> tis(DagRunRow run) {
    return aloft.stores().taskInstances().listForRun(run.dagId(), run.runId()).stream()
        .collect(Collectors.toMap(t -> t.taskId() + (t.mapIndex() >= 0 ? "[" + t.mapIndex() + "]" : ""), Function.identity()));
  }

  @Test
  void everyShippedDagParsesWithoutImportErrors() {
    assertThat(aloft.stores().importErrors().list()).isEmpty();
    assertThat(aloft.stores().dags().listActive()).extracting(d -> d.dagId())
        .contains("tutorial", "taskflow_etl", "branching", "sensors", "nlp_model_training");
  }

  @Test
  void tutorialRendersTemplates() throws Exception {
    DagRunRow run = run("tutorial", Map.of());
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    String log = aloft.logFiles().read("tutorial", run.runId(), "templated", -1, 1, 0).orElseThrow();
    assertThat(log).contains(run.logicalDate().toString().substring(0, 10));
  }

  @Test
  void taskflowPassesXComsMapsAndUsesParams() throws Exception {
    DagRunRow run = run("taskflow_etl", Map.of("multiplier", 3));
    assertThat(run.state()).as(tis(run).toString()).isEqualTo(RunState.SUCCESS);
    assertThat(aloft.stores().xcoms().pull("taskflow_etl", run.runId(), "load", "return_value", null)).contains(1236.7);
    assertThat(aloft.stores().xcoms().pull("taskflow_etl", run.runId(), "scale", "return_value", null)).contains(java.util.List.of(3, 6, 9));
  }

  @Test
  void branchingFollowsTheChosenBranchOnly() throws Exception {
    DagRunRow run = run("branching", Map.of("branch", "branch_a"));
    Map<String, TaskInstanceRow> tis = tis(run);
    assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    assertThat(tis.get("branch_a").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(tis.get("branch_b").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(tis.get("follow_branch_c").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(tis.get("join").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(tis.get("after_true").state()).isEqualTo(TaskState.SUCCESS);
    assertThat(tis.get("after_never").state()).isEqualTo(TaskState.SKIPPED);
  }

  @Test
  void sensorsWaitInPokeAndRescheduleMode() throws Exception {
    DagRunRow run = run("sensors", Map.of());
    assertThat(tis(run).values()).as(tis(run).toString()).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.SUCCESS));
  }

  @Test
  void confThatViolatesParamsIsRefusedBeforeTheRunExists() {
    int before = aloft.stores().runs().count("taskflow_etl");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> aloft.app().runs().trigger(io.aloft.runtime.app.Actor.cli("e2e"), "taskflow_etl", null, Map.of("multiplier", "x"), null))
        .hasMessageContaining("multiplier");
    assertThat(aloft.stores().runs().count("taskflow_etl")).isEqualTo(before);
  }
}
