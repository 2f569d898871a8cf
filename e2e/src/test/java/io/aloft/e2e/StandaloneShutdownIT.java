package io.aloft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.Aloft;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.TaskInstanceRow;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGTERM) on {@code aloft standalone} while a Bash task runs: the daemon stops the task and the
 * try records how it ended before the embedded PostgreSQL stops — the database must not be stopped by a
 * shutdown hook running at the same time as the daemon's.
 */
class StandaloneShutdownIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTH =
      "Basic " + Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8));

  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aStoppedDaemonLeavesNoTryRunning() throws Exception {
    Path dags = Files.createDirectories(tmp.resolve("dags"));
    Files.writeString(dags.resolve("sleepy.py"), """
        from datetime import datetime
        from airflow import DAG
        from airflow.operators.bash import BashOperator

        with DAG("sleepy", start_date=datetime(2024, 1, 1), schedule=None, catchup=False) as dag:
            BashOperator(task_id="sleep", bash_command="echo started; sleep 120")
        """);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path home = tmp.resolve("home");
    Path log = tmp.resolve("standalone.log");
    Process daemon = ChildJvm.start(ChildJvm.command(tmp.resolve("user"), List.of(), "io.aloft.runtime.Main", "standalone"),
        log, Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(), "ALOFT_PORT", Integer.toString(port)));
    String base = "http://localhost:" + port;
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      // the daemon answers before its first pass over the DAGs folder ends: wait for the DAG itself
      while (status(base + "/api/v1/dags/sleepy") != 200) {
        assertThat(daemon.isAlive()).as(ChildJvm.tail(log)).isTrue();
        assertThat(System.nanoTime()).as("the daemon did not come up:\n" + ChildJvm.tail(log)).isLessThan(deadline);
        Thread.sleep(100);
      }
      JsonNode run = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/dags/sleepy/dagRuns"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))));
      String runId = run.get("dag_run_id").asText();
      String tis = base + "/api/v1/dags/sleepy/dagRuns/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/taskInstances";
      String state = "";
      while (!state.equals("running")) {
        assertThat(System.nanoTime()).as("the task did not start:\n" + ChildJvm.tail(log)).isLessThan(deadline);
        Thread.sleep(100);
        state = JSON.readTree(send(HttpRequest.newBuilder(URI.create(tis)))).get("task_instances").get(0).get("state").asText();
      }

      daemon.destroy(); // SIGTERM, as Ctrl-C
      assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as(ChildJvm.tail(log)).isTrue();
      assertThat(ChildJvm.tail(log)).contains("aloft: stopping").doesNotContain("terminating connection due to administrator command");

      try (Aloft store = Aloft.openStore(ConfigLoader.load(Map.of("ALOFT_HOME", home.toString()), tmp.resolve("user"), tmp))) {
        TaskInstanceRow ti = store.stores().taskInstances().listForRun("sleepy", runId).get(0);
        assertThat(ti.state()).as("the try recorded its end").isIn(TaskState.FAILED, TaskState.UP_FOR_RETRY);
        assertThat(ti.endDate()).isNotNull();
        assertThat(store.logFiles().read("sleepy", runId, "sleep", -1, 1, 0).orElseThrow()).contains("started");
      }
    } finally {
      daemon.descendants().forEach(ProcessHandle::destroyForcibly);
      daemon.destroyForcibly();
    }
  }

  private int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", AUTH).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private String send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> r = http.send(request.header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return r.body();
  }
}
