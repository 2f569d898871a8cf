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
    }
  }
}
