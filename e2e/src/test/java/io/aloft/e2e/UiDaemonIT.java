package io.aloft.e2e;

import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.web.DaemonWalk;
import io.aloft.runtime.web.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The source document's walk in headless Chromium against a real daemon: log in, trigger a shipped DAG
 * with a JSON config, watch the grid reach success as the scheduler really runs it, open a log, log out.
 * Skips without Chromium unless ALOFT_REQUIRE_BROWSER=1.
 */
class UiDaemonIT {

  @Test
  void triggerTheTaskflowDagWithConfigAndWatchItSucceed() throws Exception {
    Path home = Files.createTempDirectory("aloft-ui-daemon-");
    AloftConfig config = ConfigLoader.load(
        Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", Path.of("..", "dags").toAbsolutePath().normalize().toString(),
            "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0",
            "ALOFT_BUNDLED_PLUGINS", Path.of("..", "plugins").toAbsolutePath().normalize().toString()),
        home, home);
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, true))) {
      WebServer web = daemon.web().orElseThrow();
      DaemonWalk.walk("http://localhost:" + web.port(), "taskflow_etl", "{\"multiplier\": 3}", "airflow", "airflow", 180);
      // GraphGrid's page and route come from its plugin (its own schema, mounted by the daemon).
      String base = "http://localhost:" + web.port();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("airflow:airflow".getBytes());
      java.net.http.HttpResponse<String> models = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(base + "/api/v1/models")).header("Authorization", auth).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      org.assertj.core.api.Assertions.assertThat(models.statusCode()).isEqualTo(200);
      org.assertj.core.api.Assertions.assertThat(models.body()).contains("\"total_entries\":0");
      java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(base + "/models")).header("Authorization", auth).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      org.assertj.core.api.Assertions.assertThat(page.body()).contains("No saved models yet").contains("href=\"/models\"");
    }
  }
}
