package io.aloft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of a running daemon after a run: Prometheus' text format, Airflow's metric names (as meters with
 * tags), the JVM's, and the API's login.
 */
class MetricsIT {

  @Test
  void afterARunMetricsNameTheRunItsTasksPoolsSchedulerAndJvm() throws Exception {
    Path home = Files.createTempDirectory("aloft-metrics-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Files.writeString(dags.resolve("measured.py"), String.join("\n",
        "from datetime import datetime",
        "from airflow import DAG",
        "from airflow.operators.bash import BashOperator",
        "with DAG('measured', start_date=datetime(2024, 1, 1), schedule=None) as dag:",
        "    BashOperator(task_id='hello', bash_command='echo hello')",
        ""));
    // mentions airflow and DAG, so that the safe-mode scan parses it (and fails)
    Files.writeString(dags.resolve("broken.py"), "from airflow import DAG\nthis is not python(\n");
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0"), home, home);
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, true))) {
      DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "measured", null, Map.of(), null);
      Instant deadline = Instant.now().plusSeconds(60);
      RunState state = run.state();
      while (!state.isFinished() && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
        state = aloft.app().runs().get("measured", run.runId()).orElseThrow().state();
      }
      assertThat(state).isEqualTo(RunState.SUCCESS);

      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://localhost:" + daemon.web().orElseThrow().port() + "/metrics");
      HttpResponse<String> anonymous =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).as("protected like the API unless ALOFT_METRICS_PUBLIC=true").isEqualTo(401);

      String basic = Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> scraped = http.send(
          HttpRequest.newBuilder(uri).header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
      String text = scraped.body();
      assertThat(text)
          .contains("dagrun_duration_seconds_count{dag_id=\"measured\",state=\"success\"} 1")
          .contains("ti_finish_total{dag_id=\"measured\",state=\"success\",task_id=\"hello\"} 1.0")
          .contains("pool_open_slots{pool=\"default_pool\"} 128.0")
          .containsPattern("scheduler_heartbeat_total \\d+")
          .contains("executor_running_tasks 0.0")
          .contains("dag_processing_import_errors 1.0")
          .containsPattern("dag_processing_last_duration_seconds_count\\{file=\"[^\"]*measured.py\"\\} 1")
          .contains("dag_processing_file_errors_total{file=")
          .contains("jvm_memory_used_bytes")
          .contains("process_cpu_usage")
          .contains("system_cpu_count");
    }
  }
}
