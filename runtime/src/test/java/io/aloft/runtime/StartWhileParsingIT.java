package io.aloft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
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
 * A watching daemon answers before its first pass over the DAGs folder is done: the UI and the API work with the DAGs
 * parsed so far and the DAG list says that parsing goes on. No timing is assumed: the DAG files themselves wait for a
 * gate file at their top level, so parsing cannot finish before the test opens the gate.
 */
class StartWhileParsingIT {

  private static final int GATED = 6;

  private static String dagFile(String dagId, Path gate) {
    return String.join("\n",
        "import os, time",
        "from datetime import datetime",
        "from airflow import DAG",
        "from airflow.operators.empty import EmptyOperator",
        gate == null ? "" : "deadline = time.time() + 900",
        gate == null ? "" : "while not os.path.exists('" + gate + "') and time.time() < deadline:",
        gate == null ? "" : "    time.sleep(0.05)",
        "with DAG('" + dagId + "', start_date=datetime(2024, 1, 1), schedule=None) as dag:",
        "    EmptyOperator(task_id='t')",
        "");
  }

  @Test
  void theUiAndApiAnswerWhileFilesRemainToBeParsed() throws Exception {
    Path home = Files.createTempDirectory("aloft-start-parsing-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Path gate = home.resolve("gate");
    Files.writeString(dags.resolve("a_ready.py"), dagFile("ready", null));
    for (int i = 0; i < GATED; i++) {
      Files.writeString(dags.resolve("gated_" + i + ".py"), dagFile("gated_" + i, gate));
    }
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0",
        "ALOFT_DAG_IMPORT_TIMEOUT", "300"), home, home);
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(true, true))) {
      String base = "http://localhost:" + daemon.web().orElseThrow().port();
      HttpClient http = HttpClient.newHttpClient();

      // start returned with the gated files still waiting: the web server answers now
      HttpResponse<String> page = get(http, base + "/home");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("id=\"dag-parsing\"").containsPattern("Reading the DAGs folder|Parsing DAG files");
      HttpResponse<String> api = get(http, base + "/api/v1/dags");
      assertThat(api.statusCode()).isEqualTo(200);
      assertThat(api.body()).as("no gated file is parsed before the gate opens").doesNotContain("gated_");
      assertThat(aloft.app().dagParsing().progress().idle()).isFalse();

      Files.writeString(gate, "go");
      // generous: on a loaded 2-core machine a cold Python worker alone took minutes; nothing here is a timing claim
      Instant deadline = Instant.now().plusSeconds(900);
      while (!aloft.app().dagParsing().progress().idle() && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      assertThat(aloft.app().dagParsing().progress().idle()).as("the first pass ends once the gate is open").isTrue();
      assertThat(get(http, base + "/api/v1/dags").body()).contains("\"ready\"").contains("\"gated_" + (GATED - 1) + "\"");
      assertThat(get(http, base + "/home").body()).doesNotContain("id=\"dag-parsing\"");
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    String basic = Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + basic)
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
