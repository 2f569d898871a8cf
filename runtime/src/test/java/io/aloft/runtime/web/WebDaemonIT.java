package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The source document's walk against a running daemon, whose scheduler really runs the tasks: log in,
 * trigger a shipped DAG with a JSON config, watch the grid reach success, open a task's log, log out.
 * Skipped unless {@code -Daloft.it.url=http://localhost:8081} is given; {@code aloft.it.dag} (default
 * {@code example_bash_operator}), {@code aloft.it.conf} (default {@code {}}), {@code aloft.it.user} and
 * {@code aloft.it.password} (default airflow/airflow) and {@code aloft.it.timeout} (seconds, default 180)
 * adjust it.
 */
class WebDaemonIT {

  @Test
  void triggerAShippedDagAndWatchTheGridReachSuccess() {
    String url = System.getProperty("aloft.it.url");
    assumeTrue(url != null && !url.isBlank(), "no -Daloft.it.url: no daemon to test against");
    String dag = System.getProperty("aloft.it.dag", "example_bash_operator");
    String conf = System.getProperty("aloft.it.conf", "{}");
    long timeout = Long.parseLong(System.getProperty("aloft.it.timeout", "180"));
    WebDriver driver = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      driver.get(url + "/login");
      driver.findElement(By.id("username")).sendKeys(System.getProperty("aloft.it.user", "airflow"));
      driver.findElement(By.id("password")).sendKeys(System.getProperty("aloft.it.password", "airflow"));
      driver.findElement(By.id("sign-in")).click();
      wait.until(ExpectedConditions.urlContains("/home"));
      driver.findElement(By.linkText(dag)).click();
      WebElement toggle = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".page-head .pause-toggle")));
      if (!toggle.isSelected()) {
        // a paused DAG's runs would wait: unpause it like a user would
        driver.findElement(By.cssSelector(".page-head .slider")).click();
        wait.until(d -> d.findElement(By.cssSelector(".page-head .pause-toggle")).isSelected());
        sleepQuietly(500);
      }
      driver.findElement(By.cssSelector("#trigger-menu summary")).click();
      driver.findElement(By.id("trigger-with-config")).click();
      WebElement area = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("conf")));
      area.clear();
      area.sendKeys(conf);
      driver.findElement(By.id("trigger-submit")).click();
      wait.until(ExpectedConditions.urlContains("/grid?run_id="));
      String runId = driver.getCurrentUrl().replaceAll(".*run_id=", "");
      new WebDriverWait(driver, Duration.ofSeconds(timeout))
          .until(d -> {
            Object state = ((JavascriptExecutor) d).executeScript(
                "var bars = document.querySelectorAll('#grid a.run-bar'); var b = bars[bars.length - 1];"
                    + " return b ? b.className : null;");
            assertThat(String.valueOf(state)).doesNotContain("st-failed");
            return state != null && state.toString().contains("st-success");
          });
      Browser.screenshot(driver, "daemon-grid-success");
      ((JavascriptExecutor) driver).executeScript(
          "var bars = document.querySelectorAll('#grid a.run-bar'); bars[bars.length - 1].click();");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("task-table")));
      driver.findElement(By.cssSelector("#task-table a.btn")).click();
      WebElement log = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("log-content")));
      wait.until(d -> "true".equals(log.getAttribute("data-complete")));
      assertThat(log.getText()).isNotBlank();
      Browser.screenshot(driver, "daemon-task-log");
      driver.findElement(By.id("logout")).click();
      wait.until(ExpectedConditions.urlContains("/login"));
      assertThat(runId).isNotBlank();
    } finally {
      driver.quit();
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
