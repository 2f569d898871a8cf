package io.aloft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.app.Actor;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.EventLogStore;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.web.Browser;
import java.nio.file.Path;
import java.time.Duration;
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
 * Day-2 operations in real headless Chromium against a daemon whose scheduler really runs Bash tasks: a task that
 * fails on its first try is cleared from the run page (after the confirmation lists it) and succeeds on its second
 * try; a running run is marked failed; the run gets a note; a Viewer sees no action button and the API refuses its
 * writes (403). Screenshots go to target/screenshots.
 */
class DayTwoBrowserIT {

  private static BrowserDaemon ui;
  private static Aloft aloft;
  private static WebDriver driver;
  private static WebDriverWait wait;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    ui = BrowserDaemon.start("aloft-day2-", home -> {
      Path marker = home.resolve("first-try-done");
      return Map.of("day2.py", String.join("\n",
          "from datetime import datetime",
          "from airflow import DAG",
          "from airflow.operators.bash import BashOperator",
          "with DAG('flaky', start_date=datetime(2024, 1, 1), schedule=None) as dag:",
          "    BashOperator(task_id='flaky_task', bash_command='if [ -f " + marker + " ]; then echo second try;"
              + " else touch " + marker + "; echo first try fails; exit 1; fi')",
          "with DAG('slow', start_date=datetime(2024, 1, 1), schedule=None) as dag2:",
          "    BashOperator(task_id='wait', bash_command='sleep 300')",
          ""));
    }, List.of("flaky", "slow"));
    aloft = ui.aloft;
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
  void aClearedFailedTaskSucceedsOnItsSecondTry() {
    DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "flaky", null, Map.of(), null);
    until(Duration.ofSeconds(90), () -> ui.runState("flaky", run.runId()) == RunState.FAILED);
    driver.get(url + "/dags/flaky/runs/" + run.runId());
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#task-table tr[data-ti='flaky_task']")));
    assertThat(row.findElement(By.cssSelector(".ti-state")).getText()).isEqualTo("failed");
    row.findElement(By.cssSelector(".ti-menu summary")).click();
    row.findElement(By.cssSelector(".ti-clear input[name='only_failed']")).click();
    row.findElement(By.cssSelector(".clear-task")).click();

    WebElement table = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-table")));
    List<String> listed = table.findElements(By.cssSelector("tbody tr")).stream().map(r -> r.getAttribute("data-ti")).toList();
    assertThat(listed).as("the dry run lists exactly the failed task").containsExactly("flaky_task");
    assertThat(table.getText()).contains("failed");
    assertThat(ui.firstTiState("flaky", run.runId())).as("nothing changes before the confirmation").isEqualTo(TaskState.FAILED);
    Browser.screenshot(driver, "day2-clear-confirm");
    driver.findElement(By.id("confirm-submit")).click();

    wait.until(ExpectedConditions.urlMatches(".*/runs/[^/]+$"));
    new WebDriverWait(driver, Duration.ofSeconds(90)).ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement r = d.findElement(By.cssSelector("#task-table tr[data-ti='flaky_task']"));
      return r.findElement(By.cssSelector(".ti-state")).getText().equals("success")
          && r.findElement(By.cssSelector(".ti-try")).getText().startsWith("2/")
          && d.findElement(By.id("run-state")).getText().equals("success");
    });
    Browser.screenshot(driver, "day2-cleared-second-try-success");
    TaskInstanceRow ti = aloft.app().taskInstances().listForRun("flaky", run.runId()).getFirst();
    assertThat(ti.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(ti.tryNumber()).isEqualTo(2);
    assertThat(events("clear")).as("the clear is in the audit log under the signed-in user").anyMatch(e ->
        "airflow".equals(e.owner()) && run.runId().equals(e.runId()));
  }

  @Test
  void aRunningRunIsMarkedFailedAndItAndItsTaskGetNotes() {
    DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "slow", null, Map.of(), null);
    until(Duration.ofSeconds(90), () -> ui.firstTiState("slow", run.runId()) == TaskState.RUNNING);
    driver.get(url + "/dags/slow/runs/" + run.runId());
    wait.until(ExpectedConditions.elementToBeClickable(By.id("mark-run-failed"))).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("run-state")).getText().equals("failed"));
    assertThat(ui.runState("slow", run.runId())).isEqualTo(RunState.FAILED);
    until(Duration.ofSeconds(30), () -> ui.firstTiState("slow", run.runId()) == TaskState.FAILED);
    assertThat(events("run_mark_failed")).anyMatch(e -> "airflow".equals(e.owner()) && run.runId().equals(e.runId()));

    // The page reloads itself 1.5 s after its poll sees the run finish; load the finished page here so that reload
    // cannot replace the note field while it is being typed into (a finished run's page no longer polls).
    driver.get(url + "/dags/slow/runs/" + run.runId());
    wait.until(d -> "failed".equals(d.findElement(By.id("run")).getAttribute("data-run-state")));
    WebElement note = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-note")));
    note.clear();
    note.sendKeys("stopped by hand: the upstream feed is late");
    driver.findElement(By.id("save-note")).click();
    wait.until(ExpectedConditions.stalenessOf(note));
    wait.until(d -> "stopped by hand: the upstream feed is late".equals(d.findElement(By.id("run-note")).getAttribute("value")));
    assertThat(aloft.app().runs().get("slow", run.runId()).orElseThrow().userNote()).isEqualTo("stopped by hand: the upstream feed is late");

    WebElement row = driver.findElement(By.cssSelector("#task-table tr[data-ti='wait']"));
    row.findElement(By.cssSelector(".ti-menu summary")).click();
    WebElement tiNote = row.findElement(By.cssSelector(".ti-note-input"));
    tiNote.sendKeys("killed: waits on the feed");
    row.findElement(By.cssSelector(".save-ti-note")).click();
    wait.until(d -> d.findElement(By.cssSelector("#task-table tr[data-ti='wait'] .ti-user-note")).getText().contains("killed: waits on the feed"));
    assertThat(aloft.app().taskInstances().listForRun("slow", run.runId()).getFirst().userNote()).isEqualTo("killed: waits on the feed");
    Browser.screenshot(driver, "day2-run-marked-failed");
  }

  @Test
  void aRunningTaskIsMarkedSuccessAfterTheConfirmationListsIt() {
    DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "slow", null, Map.of(), null);
    until(Duration.ofSeconds(90), () -> ui.firstTiState("slow", run.runId()) == TaskState.RUNNING);
    driver.get(url + "/dags/slow/runs/" + run.runId());
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#task-table tr[data-ti='wait']")));
    row.findElement(By.cssSelector(".ti-menu summary")).click();
    row.findElement(By.cssSelector(".mark-success")).click();

    WebElement table = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-table")));
    assertThat(table.findElements(By.cssSelector("tbody tr")).stream().map(r -> r.getAttribute("data-ti")).toList())
        .containsExactly("wait");
    assertThat(table.getText()).contains("running");
    assertThat(ui.firstTiState("slow", run.runId())).as("nothing changes before the confirmation").isEqualTo(TaskState.RUNNING);
    driver.findElement(By.id("confirm-submit")).click();

    wait.until(ExpectedConditions.urlMatches(".*/runs/[^/]+$"));
    assertThat(ui.firstTiState("slow", run.runId())).isEqualTo(TaskState.SUCCESS);
    until(Duration.ofSeconds(30), () -> ui.runState("slow", run.runId()) == RunState.SUCCESS);
    assertThat(events("mark_success")).anyMatch(e -> "airflow".equals(e.owner()) && run.runId().equals(e.runId()));
  }

  @Test
  void aViewerSeesNoActionButtonsAndTheApiRefusesItsWrites() throws Exception {
    // The slow DAG, not flaky: flaky's first try leaves the marker that the clear test's first try must not find.
    DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "slow", null, Map.of(), null);
    until(Duration.ofSeconds(90), () -> ui.firstTiState("slow", run.runId()) == TaskState.RUNNING);
    aloft.app().users().create(Actor.SYSTEM, "vera",
        new io.aloft.runtime.app.Users.Profile(null, null, null, "Viewer", true, "vera-looks-only-42"));
    WebDriver viewer = Browser.start();
    try {
      Browser.login(viewer, url, "vera", "vera-looks-only-42");
      viewer.get(url + "/dags/slow/runs/" + run.runId());
      new WebDriverWait(viewer, Duration.ofSeconds(20))
          .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#task-table tr[data-ti='wait']")));
      assertThat(viewer.findElements(By.cssSelector(".ti-menu"))).as("no task actions for a Viewer").isEmpty();
      assertThat(viewer.findElements(By.id("mark-run-failed"))).as("no run actions for a Viewer").isEmpty();
      assertThat(viewer.findElements(By.id("save-note"))).isEmpty();
      viewer.get(url + "/variables");
      assertThat(viewer.findElements(By.id("error"))).as("the Variables page refuses a Viewer").isNotEmpty();
      Browser.screenshot(viewer, "day2-viewer-run-page");
    } finally {
      viewer.quit();
    }
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("vera:vera-looks-only-42".getBytes());
    java.net.http.HttpResponse<String> trigger = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(url + "/api/v1/dags/slow/dagRuns")).header("Authorization", auth)
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(403);
    java.net.http.HttpResponse<String> clear = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(url + "/api/v1/dags/slow/clearTaskInstances")).header("Authorization", auth)
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"dry_run\": false, \"dag_run_id\": \"" + run.runId() + "\"}"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(clear.statusCode()).as(clear.body()).isEqualTo(403);
    java.net.http.HttpResponse<String> read = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(url + "/api/v1/dags/slow/dagRuns")).header("Authorization", auth).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).as("a Viewer still reads").isEqualTo(200);
  }



  private static List<EventLogStore.Entry> events(String event) {
    return aloft.app().events().page(new EventLogStore.Filter(null, null, null, event, null, null, null), "id", true, 50, 0);
  }

}
