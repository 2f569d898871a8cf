package io.aloft.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.web.TestWebServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API over a real port and a real PostgreSQL: shapes, pagination and every error status. */
class ApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestWebServer web;

  @BeforeAll
  static void start() {
    web = new TestWebServer();
    Instant now = Instant.now();
    web.stores.dags().saveParsed(
        TestWebServer.dag("training", Map.of("model", TestWebServer.param("ner", "string"),
            "epochs", TestWebServer.param(3, "integer")), "check", "train", "save"), false, now);
    web.stores.dags().saveCode("/dags/training.py", "h1", "from airflow import DAG\n", now);
    for (int i = 0; i < 120; i++) {
      web.stores.dags().saveParsed(TestWebServer.dag(String.format("bulk_%03d", i), Map.of(), "a"), true, now);
    }
    web.stores.importErrors().put("/dags/broken.py", 7, "NameError: name 'x' is not defined", null, now);
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static void assertProblem(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("application/problem+json"));
    JsonNode p = json(r);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("type").asText()).startsWith("https://airflow.apache.org/");
    assertThat(p.get("detail").asText()).isNotBlank();
  }

  @Test
  void healthNeedsNoLoginButEverythingElseDoes() throws Exception {
    HttpResponse<String> h = web.send("GET", "/api/v1/health", null, null, null);
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(json(h).at("/metadatabase/status").asText()).isEqualTo("healthy");
    assertThat(web.send("GET", "/health", null, null, null).statusCode()).isEqualTo(200);
    HttpResponse<String> anonymous = web.send("GET", "/api/v1/dags", null, null, null);
    assertProblem(anonymous, 401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
    assertProblem(web.send("GET", "/api/v1/dags", null, "airflow", "wrong"), 401);
    assertProblem(web.send("GET", "/api/v1/dags", null, "nobody", "airflow"), 401);
    assertProblem(web.api("GET", "/nothing/here", null), 404);
    HttpResponse<String> v = web.api("GET", "/version", null);
    assertThat(json(v).get("version").asText()).startsWith("2.");
  }

  @Test
  void dagsArePagedWithLimitCappedAt100() throws Exception {
    JsonNode all = json(web.api("GET", "/dags", null));
    assertThat(all.get("total_entries").asInt()).isEqualTo(121);
    assertThat(all.get("dags").size()).isEqualTo(100);
    JsonNode page = json(web.api("GET", "/dags?limit=500&offset=110&order_by=dag_id", null));
    assertThat(page.get("dags").size()).isEqualTo(11);
    assertThat(page.at("/dags/0/dag_id").asText()).isEqualTo("bulk_110");
    JsonNode desc = json(web.api("GET", "/dags?limit=1&order_by=-dag_id", null));
    assertThat(desc.at("/dags/0/dag_id").asText()).isEqualTo("training");
    assertProblem(web.api("GET", "/dags?order_by=nope", null), 400);
    assertProblem(web.api("GET", "/dags?limit=abc", null), 400);
    JsonNode filtered = json(web.api("GET", "/dags?dag_id_pattern=train&paused=false", null));
    assertThat(filtered.get("total_entries").asInt()).isEqualTo(1);
  }

  @Test
  void dagGetPatchDetailsAndSource() throws Exception {
    JsonNode d = json(web.api("GET", "/dags/training", null));
    assertThat(d.get("dag_id").asText()).isEqualTo("training");
    assertThat(d.get("is_paused").asBoolean()).isFalse();
    assertThat(d.at("/schedule_interval/value").asText()).isEqualTo("0 0 * * *");
    assertThat(d.at("/tags/0/name").asText()).isEqualTo("example");
    assertProblem(web.api("GET", "/dags/missing", null), 404);

    JsonNode paused = json(web.api("PATCH", "/dags/training", "{\"is_paused\": true}"));
    assertThat(paused.get("is_paused").asBoolean()).isTrue();
    web.api("PATCH", "/dags/training?update_mask=is_paused", "{\"is_paused\": false}");
    assertProblem(web.api("PATCH", "/dags/training", "{\"is_paused\": \"yes\"}"), 400);
    assertProblem(web.api("PATCH", "/dags/training", "{not json"), 400);
    assertProblem(web.api("PATCH", "/dags/missing", "{\"is_paused\": true}"), 404);

    JsonNode details = json(web.api("GET", "/dags/training/details", null));
    assertThat(details.at("/params/model/value").asText()).isEqualTo("ner");
    assertThat(details.get("catchup").asBoolean()).isFalse();

    String token = d.get("file_token").asText();
    HttpResponse<String> src = web.api("GET", "/dagSources/" + token, null);
    assertThat(src.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(src.body()).get("content").asText()).as("JSON by default, as Airflow's")
        .contains("from airflow import DAG");
    var srcText = java.net.http.HttpRequest.newBuilder(java.net.URI.create(web.url("/api/v1/dagSources/" + token)))
        .header("Accept", "text/plain")
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("airflow:airflow".getBytes()))
        .build();
    assertThat(web.send(srcText).body()).startsWith("from airflow import DAG");
    assertProblem(web.api("GET", "/dagSources/" + ApiJson.fileToken("/nowhere.py"), null), 404);
  }

  @Test
  void triggerListPatchAndDeleteRuns() throws Exception {
    HttpResponse<String> created =
        web.api("POST", "/dags/training/dagRuns",
            "{\"dag_run_id\": \"api_run_1\", \"conf\": {\"model\": \"sentiment\"}, \"logical_date\": \"2025-01-02T03:04:05+00:00\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    JsonNode run = json(created);
    assertThat(run.get("dag_run_id").asText()).isEqualTo("api_run_1");
    assertThat(run.get("state").asText()).isEqualTo("queued");
    assertThat(run.at("/conf/model").asText()).isEqualTo("sentiment");
    assertThat(run.get("logical_date").asText()).isEqualTo("2025-01-02T03:04:05.000000+00:00");
    assertThat(run.get("execution_date").asText()).isEqualTo(run.get("logical_date").asText());

    assertProblem(web.api("POST", "/dags/training/dagRuns", "{\"dag_run_id\": \"api_run_1\"}"), 409);
    assertProblem(web.api("POST", "/dags/training/dagRuns", "{\"conf\": {\"epochs\": \"many\"}}"), 400);
    assertProblem(web.api("POST", "/dags/training/dagRuns", "{\"conf\": [1, 2]}"), 400);
    assertProblem(web.api("POST", "/dags/training/dagRuns", "{\"logical_date\": \"yesterday\"}"), 400);
    assertProblem(web.api("POST", "/dags/missing/dagRuns", "{}"), 404);
    JsonNode auto = json(web.api("POST", "/dags/training/dagRuns", "{}"));
    assertThat(auto.get("dag_run_id").asText()).startsWith("manual__");

    JsonNode list = json(web.api("GET", "/dags/training/dagRuns?order_by=-execution_date", null));
    assertThat(list.get("total_entries").asInt()).isEqualTo(2);
    assertThat(list.get("dag_runs").size()).isEqualTo(2);
    JsonNode queued = json(web.api("GET", "/dags/training/dagRuns?state=queued&limit=1", null));
    assertThat(queued.get("dag_runs").size()).isEqualTo(1);
    assertThat(queued.get("total_entries").asInt()).isEqualTo(2);
    HttpResponse<String> all = web.api("GET", "/dags/~/dagRuns", null);
    assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
    assertThat(JSON.readTree(all.body()).get("total_entries").asInt()).isGreaterThanOrEqualTo(2);
    assertProblem(web.api("GET", "/dags/missing/dagRuns", null), 404);
    assertProblem(web.api("GET", "/dags/training/dagRuns?state=bogus", null), 400);

    assertThat(json(web.api("GET", "/dags/training/dagRuns/api_run_1", null)).get("state").asText()).isEqualTo("queued");
    assertProblem(web.api("GET", "/dags/training/dagRuns/nope", null), 404);
    JsonNode failed = json(web.api("PATCH", "/dags/training/dagRuns/api_run_1", "{\"state\": \"failed\"}"));
    assertThat(failed.get("state").asText()).isEqualTo("failed");
    assertThat(failed.get("end_date").isNull()).isFalse();
    assertProblem(web.api("PATCH", "/dags/training/dagRuns/api_run_1", "{\"state\": \"exploded\"}"), 400);
    assertProblem(web.api("PATCH", "/dags/training/dagRuns/nope", "{\"state\": \"failed\"}"), 404);

    String autoId = auto.get("dag_run_id").asText();
    HttpResponse<String> del = web.api("DELETE", "/dags/training/dagRuns/" + java.net.URLEncoder.encode(autoId, "UTF-8"), null);
    assertThat(del.statusCode()).isEqualTo(204);
    assertProblem(web.api("DELETE", "/dags/training/dagRuns/" + java.net.URLEncoder.encode(autoId, "UTF-8"), null), 404);
  }

  @Test
  void taskInstancesLogsAndXcom() throws Exception {
    web.api("POST", "/dags/training/dagRuns", "{\"dag_run_id\": \"ti_run\"}");
    TiKey train = new TiKey("training", "ti_run", "train", -1);
    web.stores.jdbi().useHandle(h -> h.createUpdate(
        "UPDATE task_instance SET state = 'success', try_number = 2, start_date = now(), end_date = now(), duration = 1.5"
            + " WHERE run_id = 'ti_run' AND task_id = 'train'").execute());
    Path log = web.logs.path("training", "ti_run", "train", -1, 2);
    Files.createDirectories(log.getParent());
    Files.writeString(log, "line one\nline two\n");
    web.stores.xcoms().push(train, "return_value", Map.of("accuracy", 0.93), Instant.now());

    JsonNode list = json(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances", null));
    assertThat(list.get("total_entries").asInt()).isEqualTo(3);
    assertThat(list.at("/task_instances/0/task_id").asText()).isEqualTo("check");
    assertThat(list.at("/task_instances/0/state").isNull()).isTrue();
    assertThat(list.at("/task_instances/0/map_index").asInt()).isEqualTo(-1);
    assertThat(list.at("/task_instances/0/pool").asText()).isEqualTo("default_pool");
    JsonNode one = json(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances/train", null));
    assertThat(one.get("state").asText()).isEqualTo("success");
    assertThat(one.get("try_number").asInt()).isEqualTo(2);
    assertThat(one.get("duration").asDouble()).isEqualTo(1.5);
    assertProblem(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances/nope", null), 404);
    assertProblem(web.api("GET", "/dags/training/dagRuns/nope/taskInstances", null), 404);

    var textReq = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            web.url("/api/v1/dags/training/dagRuns/ti_run/taskInstances/train/logs/2")))
        .header("Accept", "text/plain")
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("airflow:airflow".getBytes()))
        .build();
    HttpResponse<String> text = web.send(textReq);
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.body()).isEqualTo("line one\nline two\n");
    assertThat(JSON.readTree(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances/train/logs/2", null).body())
        .get("content").asText()).as("JSON by default").isEqualTo("line one\nline two\n");
    var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            web.url("/api/v1/dags/training/dagRuns/ti_run/taskInstances/train/logs/2")))
        .header("Accept", "application/json")
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("airflow:airflow".getBytes()))
        .build();
    JsonNode first = json(web.send(req));
    assertThat(first.get("content").asText()).contains("line two");
    Files.writeString(log, "line three\n", java.nio.file.StandardOpenOption.APPEND);
    var tail = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            web.url("/api/v1/dags/training/dagRuns/ti_run/taskInstances/train/logs/2?token="
                + first.get("continuation_token").asText())))
        .header("Accept", "application/json")
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("airflow:airflow".getBytes()))
        .build();
    assertThat(json(web.send(tail)).get("content").asText()).isEqualTo("line three\n");
    assertProblem(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances/train/logs/3", null), 404);
    assertProblem(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances/train/logs/x", null), 400);

    JsonNode xcoms = json(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances/train/xcomEntries", null));
    assertThat(xcoms.get("total_entries").asInt()).isEqualTo(1);
    assertThat(xcoms.at("/xcom_entries/0/key").asText()).isEqualTo("return_value");
    JsonNode value = json(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances/train/xcomEntries/return_value?deserialize=true", null));
    assertThat(value.at("/value/accuracy").asDouble()).isEqualTo(0.93);
    JsonNode asString = json(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances/train/xcomEntries/return_value", null));
    assertThat(asString.get("value").asText()).contains("accuracy");
    assertProblem(web.api("GET", "/dags/training/dagRuns/ti_run/taskInstances/train/xcomEntries/nope", null), 404);
    assertThat(TaskState.parse(null)).isEqualTo(TaskState.NONE);
  }

  @Test
  void poolsCrud() throws Exception {
    JsonNode created = json(web.api("POST", "/pools", "{\"name\": \"gpu_pool\", \"slots\": 1, \"description\": \"GPU\"}"));
    assertThat(created.get("slots").asInt()).isEqualTo(1);
    assertThat(created.get("open_slots").asInt()).isEqualTo(1);
    assertThat(created.get("running_slots").asInt()).isEqualTo(0);
    assertThat(created.get("queued_slots").asInt()).isEqualTo(0);
    assertThat(created.get("occupied_slots").asInt()).isEqualTo(0);
    assertProblem(web.api("POST", "/pools", "{\"name\": \"gpu_pool\", \"slots\": 1}"), 409);
    assertProblem(web.api("POST", "/pools", "{\"name\": \"x\", \"slots\": \"one\"}"), 400);
    assertProblem(web.api("POST", "/pools", "{\"name\": \"x\", \"slots\": -1}"), 400);
    assertThat(json(web.api("PATCH", "/pools/gpu_pool", "{\"name\": \"gpu_pool\", \"slots\": 3}")).get("slots").asInt()).isEqualTo(3);
    assertThat(json(web.api("PATCH", "/pools/gpu_pool?update_mask=slots", "{\"slots\": 2}")).get("slots").asInt()).isEqualTo(2);
    assertProblem(web.api("PATCH", "/pools/gpu_pool?update_mask=bogus", "{\"slots\": 2}"), 400);
    assertProblem(web.api("PATCH", "/pools/nope", "{\"slots\": 2}"), 404);
    JsonNode pools = json(web.api("GET", "/pools", null));
    assertThat(pools.get("total_entries").asInt()).isEqualTo(2);
    assertThat(json(web.api("GET", "/pools/default_pool", null)).get("slots").asInt()).isEqualTo(128);
    assertProblem(web.api("GET", "/pools/nope", null), 404);
    assertProblem(web.api("DELETE", "/pools/default_pool", null), 400);
    assertThat(web.api("DELETE", "/pools/gpu_pool", null).statusCode()).isEqualTo(204);
    assertProblem(web.api("DELETE", "/pools/gpu_pool", null), 404);
  }

  @Test
  void variablesCrud() throws Exception {
    JsonNode v = json(web.api("POST", "/variables", "{\"key\": \"region\", \"value\": \"eu\", \"description\": \"where\"}"));
    assertThat(v.get("value").asText()).isEqualTo("eu");
    assertProblem(web.api("POST", "/variables", "{\"value\": \"eu\"}"), 400);
    assertThat(json(web.api("GET", "/variables/region", null)).get("description").asText()).isEqualTo("where");
    assertThat(json(web.api("PATCH", "/variables/region", "{\"key\": \"region\", \"value\": \"us\"}")).get("value").asText()).isEqualTo("us");
    assertProblem(web.api("PATCH", "/variables/region", "{\"key\": \"other\", \"value\": \"us\"}"), 400);
    assertProblem(web.api("PATCH", "/variables/nope", "{\"value\": \"us\"}"), 404);
    assertThat(json(web.api("GET", "/variables", null)).get("total_entries").asInt()).isEqualTo(1);
    assertThat(web.api("DELETE", "/variables/region", null).statusCode()).isEqualTo(204);
    assertProblem(web.api("GET", "/variables/region", null), 404);
    assertProblem(web.api("DELETE", "/variables/region", null), 404);
  }

  @Test
  void importErrors() throws Exception {
    JsonNode list = json(web.api("GET", "/importErrors", null));
    assertThat(list.get("total_entries").asInt()).isEqualTo(1);
    JsonNode e = list.at("/import_errors/0");
    assertThat(e.get("filename").asText()).isEqualTo("/dags/broken.py");
    assertThat(e.get("stack_trace").asText()).contains("NameError");
    assertThat(json(web.api("GET", "/importErrors/" + e.get("import_error_id").asLong(), null)).get("filename").asText())
        .isEqualTo("/dags/broken.py");
    assertProblem(web.api("GET", "/importErrors/999999", null), 404);
    assertProblem(web.api("GET", "/importErrors/abc", null), 400);
    assertThat(List.of(1)).hasSize(1);
  }
}
