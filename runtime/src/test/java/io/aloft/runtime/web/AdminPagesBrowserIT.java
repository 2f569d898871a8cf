package io.aloft.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.app.Actor;
import io.aloft.runtime.app.EventLogs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Admin menu's Variables page and the audit log in real headless Chromium: add, edit and delete variables (a
 * sensitive value never reaches the page), then find those changes in the audit log with its filters and pager.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPagesBrowserIT {

  private static TestWebServer web;
  private static WebDriver driver;
  private static WebDriverWait wait;

  @BeforeAll
  static void start() {
    driver = Browser.start();
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    web = new TestWebServer();
    Browser.login(driver, web.url(""), "airflow", "airflow");
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (web != null) {
      web.close();
    }
  }

  @Test
  @Order(1)
  void variablesAreAddedEditedAndDeletedWithSensitiveValuesMasked() {
    driver.findElement(By.cssSelector("#admin-menu summary")).click();
    driver.findElement(By.linkText("Variables")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-variables")));
    add("feed_url", "https://example.com/feed", "where the feed is");
    add("db_password", "s3cret-value", "the warehouse's password");

    assertThat(value("feed_url")).isEqualTo("https://example.com/feed");
    assertThat(value("db_password")).as("masked as the API masks it").isEqualTo("***");
    assertThat(driver.getPageSource()).doesNotContain("s3cret-value");

    // editing a sensitive variable: its value is not sent to the page; left empty, it is kept
    row("db_password").findElement(By.cssSelector(".edit-variable")).click();
    WebElement area = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("variable-value")));
    assertThat(area.getAttribute("value")).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain("s3cret-value");
    WebElement description = driver.findElement(By.id("variable-description"));
    description.clear();
    description.sendKeys("rotated monthly");
    driver.findElement(By.id("variable-save")).click();
    wait.until(d -> row("db_password").getText().contains("rotated monthly"));
    assertThat(web.app.variables().get("db_password").orElseThrow().val()).isEqualTo("s3cret-value");

    row("feed_url").findElement(By.cssSelector(".edit-variable")).click();
    area = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("variable-value")));
    assertThat(area.getAttribute("value")).isEqualTo("https://example.com/feed");
    area.clear();
    area.sendKeys("https://example.com/feed/v2");
    driver.findElement(By.id("variable-save")).click();
    wait.until(d -> value("feed_url").equals("https://example.com/feed/v2"));

    row("feed_url").findElement(By.cssSelector(".delete-variable")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(d -> d.findElements(By.cssSelector("#variable-table tr[data-key='feed_url']")).isEmpty());
    assertThat(web.app.variables().get("feed_url")).isEmpty();
    Browser.screenshot(driver, "admin-variables");
  }

  @Test
  @Order(2)
  void theAuditLogFiltersAndPages() {
    for (int i = 0; i < 60; i++) {
      web.app.events().record(new Actor("robot", "10.0.0.7"), "trigger", EventLogs.Subject.dag("paged"), Map.of("n", i));
    }
    driver.get(web.url("/home"));
    driver.findElement(By.linkText("Audit log")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("event-table")));

    filter("", "variable_set", "airflow");
    assertThat(events()).as("two added, two edited").hasSize(4).allMatch("variable_set"::equals);
    filter("", "variable_delete", "");
    assertThat(events()).containsExactly("variable_delete");
    assertThat(driver.findElement(By.cssSelector("#event-table tbody tr .event-owner")).getText()).isEqualTo("airflow");

    filter("paged", "", "robot");
    assertThat(events()).hasSize(EventsPage.PAGE_SIZE);
    assertThat(driver.findElement(By.id("event-pager")).getText()).contains("1\u201350 of 60");
    driver.findElement(By.id("page-next")).click();
    wait.until(d -> d.findElement(By.id("event-pager")).getText().contains("51\u201360 of 60"));
    assertThat(events()).hasSize(10);
    assertThat(driver.findElements(By.id("page-next"))).isEmpty();
    assertThat(driver.findElement(By.id("filter-dag")).getAttribute("value")).as("the filters stay").isEqualTo("paged");
    Browser.screenshot(driver, "admin-audit-log");
  }

  @Test
  @Order(3)
  void connectionsAreAddedAndDeletedWithoutShowingSecrets() {
    driver.get(web.url("/home"));
    driver.findElement(By.cssSelector("#admin-menu summary")).click();
    driver.findElement(By.linkText("Connections")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("connection-form")));
    driver.findElement(By.id("conn-id")).sendKeys("warehouse");
    driver.findElement(By.id("conn-type")).sendKeys("postgres");
    driver.findElement(By.id("conn-host")).sendKeys("db.internal");
    driver.findElement(By.id("conn-port")).sendKeys("5432");
    driver.findElement(By.id("conn-login")).sendKeys("etl");
    driver.findElement(By.id("conn-password")).sendKeys("pw-never-shown");
    driver.findElement(By.id("conn-extra")).sendKeys("{\"api_key\": \"k-never-shown\", \"timeout\": 30}");
    driver.findElement(By.id("connection-save")).click();
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#connection-table tr[data-conn='warehouse']")));
    assertThat(row.getText()).contains("postgres").contains("db.internal").contains("5432").contains("etl").contains("\"timeout\":30");
    assertThat(row.findElement(By.cssSelector(".conn-password")).getText()).isEqualTo("set");
    assertThat(driver.getPageSource()).doesNotContain("pw-never-shown").doesNotContain("k-never-shown");
    assertThat(web.app.connections().get("warehouse").orElseThrow().connection().password()).isEqualTo("pw-never-shown");

    // a bad port is refused next to what was typed, and the password is not sent back
    driver.findElement(By.id("conn-id")).sendKeys("other");
    driver.findElement(By.id("conn-type")).sendKeys("http");
    driver.findElement(By.id("conn-port")).sendKeys("eighty");
    driver.findElement(By.id("conn-password")).sendKeys("pw2-never-shown");
    driver.findElement(By.id("connection-save")).click();
    assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("connection-error"))).getText()).contains("port");
    assertThat(driver.findElement(By.id("conn-id")).getAttribute("value")).isEqualTo("other");
    assertThat(driver.getPageSource()).doesNotContain("pw2-never-shown");

    driver.findElement(By.cssSelector("#connection-table tr[data-conn='warehouse'] .delete-connection")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    try {
      wait.until(d -> d.findElements(By.cssSelector("#connection-table tr[data-conn='warehouse']")).isEmpty());
    } finally {
      Browser.screenshot(driver, "admin-connections");
    }
    assertThat(web.app.connections().get("warehouse")).isEmpty();
  }

  private static void add(String key, String value, String description) {
    driver.findElement(By.id("variable-key")).sendKeys(key);
    driver.findElement(By.id("variable-value")).sendKeys(value);
    driver.findElement(By.id("variable-description")).sendKeys(description);
    driver.findElement(By.id("variable-save")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#variable-table tr[data-key='" + key + "']")).isEmpty());
  }

  private static WebElement row(String key) {
    return driver.findElement(By.cssSelector("#variable-table tr[data-key='" + key + "']"));
  }

  private static String value(String key) {
    return row(key).findElement(By.cssSelector(".variable-value")).getText();
  }

  private static void filter(String dag, String event, String owner) {
    for (String[] f : List.of(new String[] {"filter-dag", dag}, new String[] {"filter-event", event}, new String[] {"filter-owner", owner})) {
      WebElement input = driver.findElement(By.id(f[0]));
      input.clear();
      input.sendKeys(f[1]);
    }
    String before = driver.getCurrentUrl();
    driver.findElement(By.id("filter-submit")).click();
    wait.until(d -> !d.getCurrentUrl().equals(before));
  }

  private static List<String> events() {
    return driver.findElements(By.cssSelector("#event-table tbody tr")).stream().map(r -> r.getAttribute("data-event")).toList();
  }
}
