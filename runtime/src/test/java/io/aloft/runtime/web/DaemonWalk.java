package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The source document's walk against a running daemon, whose scheduler really runs the tasks: log in,
 * trigger a DAG with a JSON config, watch the grid reach success, open a task's log, log out. The e2e
 * module runs it against a daemon it starts; run {@link #main} to walk a daemon of your own.
 */
public final class DaemonWalk {

  private DaemonWalk() {}

  /** {@code DaemonWalk URL DAG [CONF]} against a running daemon, as airflow/airflow. */
  public static void main(String[] args) {
    walk(args[0], args[1], args.length > 2 ? args[2] : "{}", "airflow", "airflow", 180);
  }

  /** Walks the daemon at {@code url}; fails (AssertionError) when a step does not happen. */
  public static void walk(String url, String dag, String conf, String user, String password, long timeout) {
    WebDriver driver = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      driver.get(url + "/login");
      driver.findElement(By.id("username")).sendKeys(user);
      driver.findElement(By.id("password")).sendKeys(password);
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
