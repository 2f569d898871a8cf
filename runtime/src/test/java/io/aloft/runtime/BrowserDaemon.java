package io.aloft.runtime;

import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.web.Browser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a browser test of the UI needs: headless Chromium ({@link Browser}, so the test is skipped — or fails in CI —
 * without one), a daemon on a fresh database whose scheduler really runs the DAG files the test wrote, its web
 * server on a free port, and a signed-in {@code airflow} user. One per test class, closed after its last test.
 */
final class BrowserDaemon implements AutoCloseable {

  final Aloft aloft;
  final Daemon daemon;
  final WebDriver driver;
  final WebDriverWait wait;
  final String url;
  final Path home;
  final Path dags;

  private BrowserDaemon(Aloft aloft, Daemon daemon, WebDriver driver, Path home, Path dags) {
    this.aloft = aloft;
    this.daemon = daemon;
    this.driver = driver;
    // The run page reloads itself when its run finishes: an element read during that reload is stale, not a failure.
    this.wait = (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
    this.url = "http://localhost:" + daemon.web().orElseThrow().port();
    this.home = home;
    this.dags = dags;
  }

  /**
   * @param files the DAG files to write, by file name, given the data directory (for marker files the tasks use)
   * @param dagIds the DAGs to wait for before signing in
   */
  static BrowserDaemon start(String prefix, Function<Path, Map<String, String>> files, List<String> dagIds)
      throws IOException {
    WebDriver driver = Browser.start();
    Aloft aloft = null;
    Daemon daemon = null;
    try {
      Path home = Files.createTempDirectory(prefix);
      Path dags = Files.createDirectories(home.resolve("dags"));
      for (Map.Entry<String, String> f : files.apply(home).entrySet()) {
        Files.writeString(dags.resolve(f.getKey()), f.getValue());
      }
      AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
          "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0"), home, home);
      aloft = Aloft.openStore(config);
      daemon = Daemon.start(aloft, new Daemon.Options(false, true));
      BrowserDaemon b = new BrowserDaemon(aloft, daemon, driver, home, dags);
      until(Duration.ofSeconds(60), () -> dagIds.stream().allMatch(d -> b.aloft.app().dags().get(d).isPresent()));
      Browser.login(driver, b.url, "airflow", "airflow");
      return b;
    } catch (IOException | RuntimeException | Error e) {
      driver.quit();
      if (daemon != null) {
        daemon.close();
      }
      if (aloft != null) {
        aloft.close();
      }
      throw e;
    }
  }

  RunState runState(String dag, String runId) {
    return aloft.app().runs().get(dag, runId).orElseThrow().state();
  }

  /** The state of the run's first task instance, or null before it has any. */
  TaskState firstTiState(String dag, String runId) {
    List<TaskInstanceRow> tis = aloft.app().taskInstances().listForRun(dag, runId);
    return tis.isEmpty() ? null : tis.getFirst().state();
  }

  static void until(Duration timeout, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + timeout);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    driver.quit();
    daemon.close();
    aloft.close();
  }
}
