package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 17's first attack in real headless Chromium: the browser has cached HTTP basic credentials for the
 * API, and a page on another site posts a {@code text/plain} form shaped as JSON to {@code dagRuns}. The
 * request reaches the server authenticated (the answer is 415, which only logged-in callers get, not 401),
 * and no run is created.
 */
class CsrfBrowserIT {

  @Test
  void aCrossSiteFormCannotTriggerARunWithCachedBasicCredentials() throws Exception {
    WebDriver driver = Browser.start();
    HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    try (TestWebServer web = new TestWebServer()) {
      web.stores.dags().saveParsed(TestWebServer.dag("x", Map.of(), "a"), false, Instant.now());
      int port = web.server.port();
      // the browser learns the credentials (as after answering its login prompt) and caches them
      driver.get("http://airflow:airflow@localhost:" + port + "/api/v1/dags");
      driver.get("http://localhost:" + port + "/api/v1/dags");
      assertThat(driver.findElement(By.tagName("body")).getText()).as("cached basic credentials").contains("\"dag_id\"");

      String target = "http://localhost:" + port + "/api/v1/dags/x/dagRuns";
      String page =
          "<!doctype html><html><body><form id=\"f\" method=\"post\" enctype=\"text/plain\" action=\"" + target + "\">"
              + "<input type=\"hidden\" name='{\"dag_run_id\": \"csrf_attack\", \"pad\": \"' value='x\"}'>"
              + "</form><script>document.getElementById('f').submit();</script></body></html>";
      attacker.createContext("/", ex -> {
        byte[] b = page.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
      });
      attacker.start();
      driver.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
      new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(target));
      String answer = driver.findElement(By.tagName("body")).getText();
      Browser.screenshot(driver, "csrf-form-refused");
      assertThat(answer).contains("415").contains("Content-Type: application/json");
      assertThat(web.stores.runs().get("x", "csrf_attack")).isEmpty();
      int runs = web.stores.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM dag_run").mapTo(Integer.class).one());
      assertThat(runs).isZero();
    } finally {
      attacker.stop(0);
      driver.quit();
    }
  }
}
