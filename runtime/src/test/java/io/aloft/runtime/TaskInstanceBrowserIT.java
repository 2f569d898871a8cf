package io.aloft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.app.Actor;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.web.Browser;
import io.aloft.sdk.Connection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import static io.aloft.runtime.BrowserDaemon.until;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The task-instance views and the rest of the day-2 UI in real headless Chromium, against a daemon whose scheduler
 * really runs the tasks: a failed task cleared from its grid cell's menu succeeds on its second try; the task-instance
 * page shows tries, rendered template fields, XCom and TriggerDagRunOperator's "Triggered DAG" link (which the API's
 * {@code links} answers too), and a mapped task's instances, one of which is cleared alone; a DAG is deleted after a confirmation that says its file would bring it back; a
 * connection is edited without its password ever reaching the page, and keeps it; the UI login is counted for the
 * users API. Screenshots go to target/screenshots.
 */
class TaskInstanceBrowserIT {

  private static BrowserDaemon ui;
  private static Aloft aloft;
  private static WebDriver driver;
  private static WebDriverWait wait;
  private static String url;
  private static Path dags;

  @BeforeAll
  static void start() throws Exception {
    ui = BrowserDaemon.start("aloft-ti-ui-", home -> {
      Path marker = home.resolve("first-try-done");
      return Map.of("ti_ui.py", String.join("\n",
          "from datetime import datetime",
          "from airflow import DAG",
          "from airflow.operators.bash import BashOperator",
          "from airflow.operators.trigger_dagrun import TriggerDagRunOperator",
          "with DAG('grid_flaky', start_date=datetime(2024, 1, 1), schedule=None) as dag:",
          "    BashOperator(task_id='flaky_task', bash_command='if [ -f " + marker + " ]; then echo second try;"
              + " else touch " + marker + "; echo first try fails; exit 1; fi')",
          "with DAG('panel', start_date=datetime(2024, 1, 1), schedule=None) as dag2:",
          "    greet = BashOperator(task_id='greet', bash_command='echo \"hello {{ dag_run.run_id }}\"')",
          "    kick = TriggerDagRunOperator(task_id='kick', trigger_dag_id='target')",
          "    greet >> kick",
          "    BashOperator.partial(task_id='fan').expand(bash_command=['echo fan-a', 'echo fan-b'])",
          "with DAG('target', start_date=datetime(2024, 1, 1), schedule=None) as dag3:",
          "    BashOperator(task_id='t', bash_command='echo target')",
          ""),
          "doomed.py", String.join("\n",
          "from datetime import datetime",
          "from airflow import DAG",
          "from airflow.operators.bash import BashOperator",
          "with DAG('doomed', start_date=datetime(2024, 1, 1), schedule=None) as dag:",
          "    BashOperator(task_id='x', bash_command='echo x')",
          ""));
    }, List.of("grid_flaky", "panel", "target", "doomed"));
    aloft = ui.aloft;
    dags = ui.dags;
    driver = ui.driver;
    wait = ui.wait;
    url = ui.url;
  }

  @AfterAll
  static void stop() {
    if (ui != null) {
      ui.close();
    }
  }

  @Test
  void aFailedTaskClearedFromItsGridCellSucceedsOnItsSecondTry() {
    DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "grid_flaky", null, Map.of(), null);
    until(Duration.ofSeconds(90), () -> ui.runState("grid_flaky", run.runId()) == RunState.FAILED);
    driver.get(url + "/dags/grid_flaky/grid");
    wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#grid-table tr[data-task='flaky_task'] td.c.st-failed"))).click();
    WebElement popup = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ti-popup[data-loaded='true']")));
    assertThat(popup.getAttribute("data-run")).isEqualTo(run.runId());
    assertThat(popup.getText()).contains("flaky_task").contains("failed");
    Browser.screenshot(driver, "ti-grid-cell-menu");
    popup.findElement(By.cssSelector(".ti-clear input[name='only_failed']")).click();
    popup.findElement(By.cssSelector(".clear-task")).click();

    WebElement table = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-table")));
    assertThat(table.findElements(By.cssSelector("tbody tr")).stream().map(r -> r.getAttribute("data-ti")).toList())
        .as("the dry run lists exactly the failed task").containsExactly("flaky_task");
    assertThat(ui.firstTiState("grid_flaky", run.runId())).as("nothing changes before the confirmation").isEqualTo(TaskState.FAILED);
    driver.findElement(By.id("confirm-submit")).click();

    wait.until(ExpectedConditions.urlMatches(".*/dags/grid_flaky/grid$"));
    new WebDriverWait(driver, Duration.ofSeconds(90)).ignoring(StaleElementReferenceException.class).until(d ->
        !d.findElements(By.cssSelector("#grid-table tr[data-task='flaky_task'] td.c.st-success")).isEmpty());
    TaskInstanceRow ti = aloft.app().taskInstances().listForRun("grid_flaky", run.runId()).getFirst();
    assertThat(ti.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(ti.tryNumber()).isEqualTo(2);
    Browser.screenshot(driver, "ti-grid-cleared-second-try");
  }

  @Test
  void theTaskInstancePageShowsTriesRenderedFieldsXcomLinksAndMappedInstances() throws Exception {
    DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "panel", null, Map.of(), null);
    until(Duration.ofSeconds(90), () -> ui.runState("panel", run.runId()) == RunState.SUCCESS);
    driver.get(url + "/dags/panel/runs/" + run.runId());
    wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#task-table tr[data-ti='greet'] .ti-details-link"))).click();

    WebElement tries = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tries-table")));
    WebElement first = tries.findElement(By.cssSelector("tr[data-try='1']"));
    assertThat(first.findElement(By.cssSelector(".try-state")).getText()).isEqualTo("success");
    assertThat(first.findElement(By.cssSelector(".try-log")).getAttribute("href")).contains("try=1");
    assertThat(driver.findElement(By.cssSelector("#rendered-table tr[data-field='bash_command']")).getText())
        .as("the template as the try rendered it").contains("hello " + run.runId());
    assertThat(driver.findElement(By.cssSelector("#xcom-table tr[data-key='return_value']")).getText())
        .contains("hello " + run.runId());
    assertThat(driver.findElement(By.id("no-deps")).getText()).contains("Nothing holds it back");
    Browser.screenshot(driver, "ti-page");

    driver.get(url + "/dags/panel/runs/" + run.runId() + "/tasks/kick");
    WebElement link = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#extra-links a.extra-link")));
    assertThat(link.getText()).isEqualTo("Triggered DAG");
    String triggered = aloft.app().runs().list("target", 10, 0).getFirst().runId();
    assertThat(link.getAttribute("href")).endsWith("/dags/target/runs/" + seg(triggered));
    assertThat(driver.findElement(By.cssSelector("#xcom-table tr[data-key='trigger_run_id']")).getText()).contains(triggered);
    link.click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run[data-dag='target']")));

    HttpResponse<String> links = api("/api/v1/dags/panel/dagRuns/" + run.runId() + "/taskInstances/kick/links");
    assertThat(links.statusCode()).as(links.body()).isEqualTo(200);
    assertThat(links.body()).isEqualTo("{\"Triggered DAG\":\"/dags/target/runs/" + seg(triggered) + "\"}");
    assertThat(api("/api/v1/dags/panel/dagRuns/" + run.runId() + "/taskInstances/greet/links").body()).isEqualTo("{}");

    // a mapped task: a row per map index, each with its own actions; clearing one index re-runs only that one
    driver.get(url + "/dags/panel/runs/" + run.runId() + "/tasks/fan");
    WebElement mapped = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("mapped-table")));
    assertThat(mapped.findElements(By.cssSelector("tbody tr")).stream().map(r -> r.getAttribute("data-map-index")).toList())
        .containsExactly("0", "1");
    WebElement second = mapped.findElement(By.cssSelector("tr[data-map-index='1']"));
    second.findElement(By.cssSelector(".ti-menu summary")).click();
    second.findElement(By.cssSelector(".clear-task")).click();
    WebElement table = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-table")));
    assertThat(table.findElements(By.cssSelector("tbody tr")).stream().map(r -> r.getAttribute("data-ti")).toList())
        .as("only the picked map index").containsExactly("fan [1]");
    driver.findElement(By.id("confirm-submit")).click();
    wait.until(ExpectedConditions.urlContains("/tasks/fan?map_index=1"));
    until(Duration.ofSeconds(90), () -> fan(run.runId(), 1).tryNumber() == 2 && fan(run.runId(), 1).state() == TaskState.SUCCESS);
    assertThat(fan(run.runId(), 0).tryNumber()).as("map index 0 was not cleared").isEqualTo(1);
    driver.navigate().refresh();
    assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tries-table")))
        .findElements(By.cssSelector("tbody tr"))).hasSize(2);
    assertThat(driver.findElement(By.cssSelector("#xcom-table tr[data-key='return_value']")).getText()).contains("fan-b");
  }

  private static TaskInstanceRow fan(String runId, int mapIndex) {
    return aloft.app().taskInstances().get(new io.aloft.runtime.store.TiKey("panel", runId, "fan", mapIndex)).orElseThrow();
  }

  @Test
  void aDagIsDeletedAfterAConfirmationThatSaysItsFileWouldBringItBack() throws Exception {
    driver.get(url + "/dags/doomed/grid");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("delete-dag-link"))).click();
    WebElement comesBack = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("delete-comes-back")));
    assertThat(comesBack.getText()).contains("doomed.py").contains("comes back on the next parse");
    assertThat(aloft.app().dags().get("doomed")).as("nothing changes before the confirmation").isPresent();
    Browser.screenshot(driver, "ti-dag-delete-confirm");
    // the file goes first, as the page advises, so that the DAG does not come back behind the test's back
    Files.delete(dags.resolve("doomed.py"));
    driver.findElement(By.id("delete-submit")).click();

    wait.until(ExpectedConditions.urlContains("/home"));
    until(Duration.ofSeconds(30), () -> aloft.app().dags().get("doomed").isEmpty());
    driver.navigate().refresh();
    assertThat(driver.findElements(By.cssSelector("[data-dag='doomed']"))).as("gone from the DAG list").isEmpty();
  }

  @Test
  void aConnectionIsEditedWithoutItsPasswordReachingThePageAndKeepsIt() {
    aloft.app().connections().add(Actor.SYSTEM, new Connection("warehouse", "postgres", "db.internal", "sales", "loader",
        "pw-never-shown-7", 5432, Map.of("api_key", "k-never-shown-9", "timeout", 30)), "the warehouse");
    driver.get(url + "/connections");
    wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#connection-table tr[data-conn='warehouse'] .edit-connection"))).click();
    WebElement host = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("conn-host")));
    assertThat(host.getAttribute("value")).isEqualTo("db.internal");
    assertThat(driver.findElement(By.id("conn-password")).getAttribute("value")).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain("pw-never-shown-7").doesNotContain("k-never-shown-9");
    host.clear();
    host.sendKeys("db2.internal");
    driver.findElement(By.id("connection-save")).click();

    wait.until(d -> d.findElement(By.cssSelector("#connection-table tr[data-conn='warehouse']")).getText().contains("db2.internal"));
    Connection stored = aloft.app().connections().get("warehouse").orElseThrow().connection();
    assertThat(stored.host()).isEqualTo("db2.internal");
    assertThat(stored.password()).as("a blank password keeps the stored one").isEqualTo("pw-never-shown-7");
    assertThat(stored.extra()).as("a masked extra value keeps the stored one")
        .containsEntry("api_key", "k-never-shown-9").containsEntry("timeout", 30);
    Browser.screenshot(driver, "ti-connection-edited");

    // Test, as the API's /connections/test: the answer shows above the list
    aloft.app().connections().add(Actor.SYSTEM, new Connection("local_fs", "fs", null, null, null, null, null,
        Map.of("path", "/tmp")), null);
    aloft.app().connections().add(Actor.SYSTEM, new Connection("missing_fs", "fs", null, null, null, null, null,
        Map.of("path", "/nonexistent-aloft-path")), null);
    driver.get(url + "/connections");
    wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#connection-table tr[data-conn='local_fs'] .test-connection"))).click();
    assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("connection-tested"))).getText())
        .contains("local_fs: Connection successfully tested");
    wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("#connection-table tr[data-conn='missing_fs'] .test-connection"))).click();
    assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("connection-error"))).getText())
        .contains("Testing missing_fs failed: the path /nonexistent-aloft-path does not exist");
    assertThat(driver.getPageSource()).doesNotContain("pw-never-shown-7");
  }

  @Test
  void theUiLoginIsCountedForTheUsersApi() throws Exception {
    io.aloft.runtime.app.Users.User u = aloft.app().users().find("airflow").orElseThrow();
    assertThat(u.lastLogin()).as("the login in start()").isNotNull();
    assertThat(u.loginCount()).isGreaterThanOrEqualTo(1);
    HttpResponse<String> r = api("/api/v1/users/airflow");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("\"last_login\":null").contains("\"login_count\":" + u.loginCount());
  }

  private static HttpResponse<String> api(String path) throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString("airflow:airflow".getBytes());
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", auth)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A run id as a URL path segment (run ids hold ':' and '+'). */
  private static String seg(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }



}
