package io.aloft.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.web.TestWebServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The day-2 routes of the REST API with Airflow's bodies and shapes, over a real database (no scheduler runs). */
class DayTwoApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestWebServer web;

  @BeforeAll
  static void start() {
    web = new TestWebServer();
    Instant now = Instant.now();
    web.stores.dags().saveParsed(TestWebServer.dag("etl", Map.of(), "extract", "transform", "load"), false, now);
    web.stores.dags().saveParsed(TestWebServer.dag("gone", Map.of(), "a"), false, now);
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  private static void assertProblem(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asText()).isNotBlank();
  }

  @Test
  void clearMarkNoteAndTheAuditTrail() throws Exception {
    String runId = json(web.api("POST", "/dags/etl/dagRuns", "{\"dag_run_id\": \"r1\"}")).get("dag_run_id").asText();

    JsonNode none = json(web.api("POST", "/dags/etl/clearTaskInstances", "{\"dag_run_id\": \"r1\"}"));
    assertThat(none.get("task_instances")).as("Airflow's defaults: a dry run of failed instances only").isEmpty();
    JsonNode dry = json(web.api("POST", "/dags/etl/clearTaskInstances",
        "{\"dag_run_id\": \"r1\", \"only_failed\": false, \"task_ids\": [\"transform\"], \"include_downstream\": true}"));
    assertThat(dry.get("task_instances")).extracting(t -> t.get("task_id").asText()).containsExactlyInAnyOrder("transform", "load");
    assertThat(dry.get("task_instances").get(0).get("dag_run_id").asText()).isEqualTo(runId);
    assertProblem(web.api("POST", "/dags/etl/clearTaskInstances", "{\"task_ids\": [\"nope\"], \"dry_run\": false}"), 400);
    assertProblem(web.api("POST", "/dags/missing/clearTaskInstances", "{}"), 404);
    assertProblem(web.api("POST", "/dags/etl/clearTaskInstances", "{\"dry_run\": \"yes\"}"), 400);

    JsonNode ref = json(web.api("PATCH", "/dags/etl/dagRuns/r1/taskInstances/extract", "{\"new_state\": \"success\"}"));
    assertThat(ref.get("task_id").asText()).isEqualTo("extract");
    assertThat(json(web.api("GET", "/dags/etl/dagRuns/r1/taskInstances/extract", null)).get("state").asText()).isEqualTo("success");
    assertProblem(web.api("PATCH", "/dags/etl/dagRuns/r1/taskInstances/extract", "{\"new_state\": \"running\"}"), 400);
    JsonNode bulk = json(web.api("POST", "/dags/etl/updateTaskInstancesState",
        "{\"dag_run_id\": \"r1\", \"task_id\": \"transform\", \"include_downstream\": true, \"new_state\": \"failed\","
            + " \"dry_run\": false}"));
    assertThat(bulk.get("task_instances")).hasSize(2);

    JsonNode cleared = json(web.api("POST", "/dags/etl/dagRuns/r1/clear", "{\"dry_run\": false, \"only_failed\": true}"));
    assertThat(cleared.get("dag_run_id").asText()).isEqualTo("r1");
    assertThat(cleared.get("state").asText()).isEqualTo("queued");
    assertThat(json(web.api("GET", "/dags/etl/dagRuns/r1/taskInstances/load", null)).get("state").isNull()).isTrue();

    assertThat(json(web.api("PATCH", "/dags/etl/dagRuns/r1/setNote", "{\"note\": \"re-run after fix\"}")).get("note").asText())
        .isEqualTo("re-run after fix");
    assertThat(json(web.api("PATCH", "/dags/etl/dagRuns/r1/taskInstances/load/setNote", "{\"note\": \"watch it\"}"))
        .get("note").asText()).isEqualTo("watch it");
    assertProblem(web.api("PATCH", "/dags/etl/dagRuns/r1/setNote", "{}"), 400);

    JsonNode logs = json(web.api("GET", "/eventLogs?dag_id=etl&order_by=event_log_id", null));
    assertThat(logs.get("event_logs")).extracting(e -> e.get("event").asText())
        .containsExactly("trigger", "mark_success", "mark_failed", "clear", "set_note", "set_note");
    JsonNode first = logs.get("event_logs").get(0);
    assertThat(first.get("owner").asText()).isEqualTo("airflow");
    assertThat(first.get("extra").asText()).contains("address");
    assertThat(logs.get("total_entries").asInt()).isEqualTo(6);
    assertThat(json(web.api("GET", "/eventLogs/" + first.get("event_log_id").asLong(), null)).get("event").asText())
        .isEqualTo("trigger");
    assertProblem(web.api("GET", "/eventLogs/999999", null), 404);

    JsonNode tries = json(web.api("GET", "/dags/etl/dagRuns/r1/taskInstances/load/tries", null));
    assertThat(tries.get("total_entries").asInt()).isZero();
    JsonNode batch = json(web.api("POST", "/dags/~/dagRuns/~/taskInstances/list", "{\"dag_ids\": [\"etl\"], \"state\": [\"success\"]}"));
    assertThat(batch.get("task_instances")).extracting(t -> t.get("task_id").asText()).containsExactly("extract");
    JsonNode runs = json(web.api("POST", "/dags/~/dagRuns/list", "{\"dag_ids\": [\"etl\"]}"));
    assertThat(runs.get("total_entries").asInt()).isEqualTo(1);
  }

  @Test
  void backfillsInAirflow3sShape() throws Exception {
    String body = "{\"dag_id\": \"etl\", \"from_date\": \"2024-03-01T00:00:00Z\", \"to_date\": \"2024-03-03T00:00:00Z\"}";
    JsonNode dry = json(web.api("POST", "/backfills/dry_run", body));
    assertThat(dry.get("total_entries").asInt()).isEqualTo(3);
    assertThat(dry.get("backfills")).extracting(b -> b.get("logical_date").asText())
        .containsExactly("2024-03-01T00:00:00.000000+00:00", "2024-03-02T00:00:00.000000+00:00",
            "2024-03-03T00:00:00.000000+00:00");
    assertThat(web.stores.runs().byLogicalDate("etl", Instant.parse("2024-03-01T00:00:00Z"),
        Instant.parse("2024-03-03T00:00:00Z"))).as("a dry run creates nothing").isEmpty();

    JsonNode made = json(web.api("POST", "/backfills", body));
    assertThat(made.get("dag_id").asText()).isEqualTo("etl");
    assertThat(made.get("reprocess_behavior").asText()).isEqualTo("none");
    assertThat(made.get("dag_runs")).extracting(r -> r.get("dag_run_id").asText())
        .containsExactly("backfill__2024-03-01T00:00:00+00:00", "backfill__2024-03-02T00:00:00+00:00",
            "backfill__2024-03-03T00:00:00+00:00");
    JsonNode run = json(web.api("GET", "/dags/etl/dagRuns/backfill__2024-03-02T00:00:00+00:00", null));
    assertThat(run.get("run_type").asText()).isEqualTo("backfill");
    assertThat(json(web.api("POST", "/backfills/dry_run", body)).get("total_entries").asInt())
        .as("reprocess_behavior none: existing runs are kept").isZero();
    assertThat(json(web.api("POST", "/backfills/dry_run", body.replace("}", ", \"reprocess_behavior\": \"completed\"}")))
        .get("total_entries").asInt()).isEqualTo(3);

    assertProblem(web.api("POST", "/backfills", "{\"dag_id\": \"missing\", \"from_date\": \"2024-03-01T00:00:00Z\","
        + " \"to_date\": \"2024-03-02T00:00:00Z\"}"), 404);
    assertProblem(web.api("POST", "/backfills", body.replace("}", ", \"run_backwards\": true}")), 400);
    assertProblem(web.api("POST", "/backfills", body.replace("}", ", \"reprocess_behavior\": \"all\"}")), 400);
    assertProblem(web.api("POST", "/backfills", "{\"dag_id\": \"etl\"}"), 400);
  }

  @Test
  void tasksStatsWarningsBulkPauseAndDelete() throws Exception {
    JsonNode tasks = json(web.api("GET", "/dags/etl/tasks", null));
    assertThat(tasks.get("total_entries").asInt()).isEqualTo(3);
    assertThat(tasks.get("tasks").get(0).get("downstream_task_ids")).isNotNull();
    assertThat(json(web.api("GET", "/dags/etl/tasks/load", null)).get("task_id").asText()).isEqualTo("load");
    assertProblem(web.api("GET", "/dags/etl/tasks/nope", null), 404);
    JsonNode stats = json(web.api("GET", "/dagStats?dag_ids=etl,gone", null));
    assertThat(stats.get("dags")).hasSize(2);
    assertThat(stats.get("dags").get(0).get("stats")).hasSize(4);
    assertThat(json(web.api("GET", "/dagWarnings", null)).get("total_entries").isInt()).isTrue();

    JsonNode paused = json(web.api("PATCH", "/dags?dag_id_pattern=gone", "{\"is_paused\": true}"));
    assertThat(paused.get("dags")).extracting(d -> d.get("is_paused").asBoolean()).containsExactly(true);
    assertProblem(web.api("PATCH", "/dags", "{\"is_paused\": true}"), 400);

    json(web.api("POST", "/dags/gone/dagRuns", "{}"));
    HttpResponse<String> deleted = web.api("DELETE", "/dags/gone", null);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertProblem(web.api("GET", "/dags/gone", null), 404);
    assertProblem(web.api("DELETE", "/dags/gone", null), 404);
  }
}
