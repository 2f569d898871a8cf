package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.PluginExtensions;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.metrics.Metrics;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ALOFT_METRICS_PUBLIC=true} opens {@code /metrics} to a scraper without credentials, and nothing else. */
class MetricsAccessIT {

  @Test
  void publicMetricsNeedNoLoginWhileTheApiStillDoes() throws Exception {
    Path home = Files.createTempDirectory("aloft-metrics-public-");
    AloftConfig config = ConfigLoader.load(
        Map.of("ALOFT_HOME", home.toString(), "ALOFT_PORT", "0", "ALOFT_METRICS_PUBLIC", "true"), home, home);
    try (Database db = TestDatabase.fresh()) {
      Stores stores = Stores.over(db, 1 << 20, io.aloft.runtime.store.SecretCipher.generate());
      Application app = Application.over(config, stores, (spec, conf) -> conf, new LogFiles(config.logsFolder()),
          Clock.systemUTC(), SchedulerSignal.overDatabase(stores.jdbi()));
      Metrics metrics = Metrics.prometheus();
      metrics.poolsFrom(() -> app.pools().list().stream()
          .map(p -> new Metrics.PoolSlots(p.name(), p.open(), p.running(), p.queued())).toList());
      WebServer server = new WebServer(config, app, Clock.systemUTC(), PluginExtensions.none(), metrics).start();
      try {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> scraped = http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("pool_open_slots{pool=\"default_pool\"} 128.0").contains("jvm_threads_live");
        HttpResponse<String> api = http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/api/v1/dags")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
      } finally {
        server.stop();
      }
    }
  }
}
