package io.aloft.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.Aloft;
import io.aloft.runtime.Daemon;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Conformance of the REST API with Airflow 2.10's stable API (v1), against a live daemon (scheduler, executor,
 * web server) that has run a DAG with a mapped task, an XCom, a dataset outlet and two dataset consumers. Every one
 * of the reference's 89 operations is called once, in an order where each finds what it needs, and its answer is
 * checked against the operation's response schema in {@link V1Shapes}; error answers are checked as Airflow's
 * problem JSON. It prints how many operations are served and which are not (with the reason), and asserts at least
 * 85 are. A second test checks that a Viewer is refused (403) every write, and what User and Op may not do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class V1ConformanceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATA = "file:///conformance/data.csv";
  private static final String RUN = "/dags/conform/dagRuns/conformance_run";
  private static final String TI = RUN + "/taskInstances";

  private static final String DAG_FILE = String.join("\n",
      "from datetime import datetime",
      "from airflow import DAG",
      "from airflow.datasets import Dataset",
      "from airflow.decorators import task",
      "from airflow.operators.bash import BashOperator",
      "",
      "DATA = Dataset('" + DATA + "')",
      "OTHER = Dataset('file:///conformance/other.csv')",
      "",
      "with DAG('conform', start_date=datetime(2024, 1, 1), schedule=None, tags=['conformance']):",
      "    @task",
      "    def numbers():",
      "        return [1, 2]",
      "",
      "    @task",
      "    def double(x):",
      "        return x * 2",
      "",
      "    produce = BashOperator(task_id='produce', bash_command='echo produced', outlets=[DATA])",
      "    double.expand(x=numbers()) >> produce",
      "",
      "with DAG('consumer_any', start_date=datetime(2024, 1, 1), schedule=[DATA]):",
      "    BashOperator(task_id='consume', bash_command='echo consumed')",
      "",
      "with DAG('consumer_all', start_date=datetime(2024, 1, 1), schedule=(DATA & OTHER)):",
      "    BashOperator(task_id='consume', bash_command='echo consumed')",
      "",
      "with DAG('scratch', start_date=datetime(2024, 1, 1), schedule=None):",
      "    BashOperator(task_id='noop', bash_command='true')",
      "");

  /** One call of one operation: what to send, the status that means success, the response schema (null: none). */
  record Op(String id, String method, String path, String body, int status, String schema) {}

  /**
   * The reference's operations Aloft does not serve, with the reason (operationId to reason). Empty: all 89 are
   * served; an entry here is reported by the test instead of called.
   */
  private static final Map<String, String> NOT_SERVED = Map.of();

  private static final String CONN = "{\"connection_id\": \"conf_conn\", \"conn_type\": \"http\", \"host\": \"localhost\","
      + " \"port\": 1}";
  private static final String ROLE_ACTIONS = "[{\"action\": {\"name\": \"can_read\"}, \"resource\": {\"name\": \"DAGs\"}}]";

  /** Every operation of Airflow 2.10's v1 reference, in calling order. */
  private static List<Op> operations() {
    return List.of(
        new Op("get_health", "GET", "/health", null, 200, "HealthInfo"),
        new Op("get_version", "GET", "/version", null, 200, "VersionInfo"),
        new Op("get_config", "GET", "/config", null, 200, "Config"),
        new Op("get_value", "GET", "/config/section/aloft/option/parallelism", null, 200, "Config"),
        new Op("get_plugins", "GET", "/plugins", null, 200, "PluginCollection"),
        new Op("get_providers", "GET", "/providers", null, 200, "ProviderCollection"),
        new Op("get_permissions", "GET", "/permissions", null, 200, "ActionCollection"),
        new Op("get_dags", "GET", "/dags", null, 200, "DAGCollection"),
        new Op("get_dag", "GET", "/dags/conform", null, 200, "DAG"),
        new Op("get_dag_details", "GET", "/dags/conform/details", null, 200, "DAGDetail"),
        new Op("patch_dag", "PATCH", "/dags/scratch?update_mask=is_paused", "{\"is_paused\": true}", 200, "DAG"),
        new Op("patch_dags", "PATCH", "/dags?dag_id_pattern=consumer_", "{\"is_paused\": false}", 200, "DAGCollection"),
        new Op("get_tasks", "GET", "/dags/conform/tasks", null, 200, "TaskCollection"),
        new Op("get_task", "GET", "/dags/conform/tasks/produce", null, 200, "Task"),
        new Op("get_dag_source", "GET", "/dagSources/{token}", null, 200, "DagSource"),
        new Op("reparse_dag_file", "PUT", "/parseDagFile/{token}", null, 201, null),
        new Op("get_dag_stats", "GET", "/dagStats?dag_ids=conform", null, 200, "DagStatsCollectionSchema"),
        new Op("get_dag_warnings", "GET", "/dagWarnings", null, 200, "DagWarningCollection"),
        new Op("get_dag_runs", "GET", "/dags/conform/dagRuns", null, 200, "DAGRunCollection"),
        new Op("get_dag_run", "GET", RUN, null, 200, "DAGRun"),
        new Op("get_dag_runs_batch", "POST", "/dags/~/dagRuns/list", "{\"dag_ids\": [\"conform\"]}", 200,
            "DAGRunCollection"),
        new Op("set_dag_run_note", "PATCH", RUN + "/setNote", "{\"note\": \"checked\"}", 200, "DAGRun"),
        // a dry run answers references, as Airflow's endpoint does (the reference names TaskInstanceCollection)
        new Op("clear_dag_run", "POST", RUN + "/clear", "{\"dry_run\": true}", 200, "TaskInstanceReferenceCollection"),
        new Op("post_clear_task_instances", "POST", "/dags/conform/clearTaskInstances",
            "{\"dry_run\": true, \"only_failed\": false, \"dag_run_id\": \"conformance_run\"}", 200,
            "TaskInstanceReferenceCollection"),
        new Op("post_set_task_instances_state", "POST", "/dags/conform/updateTaskInstancesState",
            "{\"dry_run\": true, \"task_id\": \"produce\", \"dag_run_id\": \"conformance_run\", \"new_state\": \"success\"}",
            200, "TaskInstanceReferenceCollection"),
        new Op("get_upstream_dataset_events", "GET", "/dags/consumer_any/dagRuns/{triggered}/upstreamDatasetEvents",
            null, 200, "DatasetEventCollection"),
        new Op("post_dag_run", "POST", "/dags/scratch/dagRuns", "{\"dag_run_id\": \"conformance_manual\"}", 200, "DAGRun"),
        new Op("update_dag_run_state", "PATCH", "/dags/scratch/dagRuns/conformance_manual", "{\"state\": \"failed\"}",
            200, "DAGRun"),
        new Op("delete_dag_run", "DELETE", "/dags/scratch/dagRuns/conformance_manual", null, 204, null),
        new Op("get_task_instances", "GET", TI, null, 200, "TaskInstanceCollection"),
        new Op("get_task_instance", "GET", TI + "/produce", null, 200, "TaskInstance"),
        new Op("get_task_instances_batch", "POST", "/dags/~/dagRuns/~/taskInstances/list",
            "{\"dag_ids\": [\"conform\"]}", 200, "TaskInstanceCollection"),
        new Op("get_mapped_task_instances", "GET", TI + "/double/listMapped", null, 200, "TaskInstanceCollection"),
        new Op("get_mapped_task_instance", "GET", TI + "/double/0", null, 200, "TaskInstance"),
        new Op("patch_task_instance", "PATCH", TI + "/produce", "{\"dry_run\": true, \"new_state\": \"success\"}", 200,
            "TaskInstanceReference"),
        new Op("patch_mapped_task_instance", "PATCH", TI + "/double/0", "{\"dry_run\": true, \"new_state\": \"success\"}",
            200, "TaskInstanceReference"),
        new Op("set_task_instance_note", "PATCH", TI + "/produce/setNote", "{\"note\": \"ok\"}", 200, "TaskInstance"),
        new Op("set_mapped_task_instance_note", "PATCH", TI + "/double/0/setNote", "{\"note\": \"ok\"}", 200,
            "TaskInstance"),
        new Op("get_task_instance_dependencies", "GET", TI + "/produce/dependencies", null, 200,
            "TaskInstanceDependencyCollection"),
        new Op("get_mapped_task_instance_dependencies", "GET", TI + "/double/0/dependencies", null, 200,
            "TaskInstanceDependencyCollection"),
        new Op("get_task_instance_tries", "GET", TI + "/produce/tries", null, 200, "TaskInstanceHistoryCollection"),
        new Op("get_mapped_task_instance_tries", "GET", TI + "/double/0/tries", null, 200, "TaskInstanceHistoryCollection"),
        new Op("get_task_instance_try_details", "GET", TI + "/produce/tries/1", null, 200, "TaskInstanceHistory"),
        new Op("get_mapped_task_instance_try_details", "GET", TI + "/double/0/tries/1", null, 200, "TaskInstanceHistory"),
        new Op("get_log", "GET", TI + "/produce/logs/1", null, 200, "Log"),
        new Op("get_extra_links", "GET", TI + "/produce/links", null, 200, "ExtraLinks"),
        new Op("get_xcom_entries", "GET", TI + "/numbers/xcomEntries", null, 200, "XComCollection"),
        new Op("get_xcom_entry", "GET", TI + "/numbers/xcomEntries/return_value", null, 200, "XCom"),
        new Op("get_datasets", "GET", "/datasets", null, 200, "DatasetCollection"),
        new Op("get_dataset", "GET", "/datasets/{uri}", null, 200, "Dataset"),
        new Op("get_dataset_events", "GET", "/datasets/events", null, 200, "DatasetEventCollection"),
        new Op("get_dag_dataset_queued_events", "GET", "/dags/consumer_all/datasets/queuedEvent", null, 200,
            "QueuedEventCollection"),
        new Op("get_dag_dataset_queued_event", "GET", "/dags/consumer_all/datasets/queuedEvent/{uri}", null, 200,
            "QueuedEvent"),
        new Op("get_dataset_queued_events", "GET", "/datasets/queuedEvent/{uri}", null, 200, "QueuedEventCollection"),
        new Op("delete_dag_dataset_queued_event", "DELETE", "/dags/consumer_all/datasets/queuedEvent/{uri}", null, 204,
            null),
        new Op("create_dataset_event", "POST", "/datasets/events", "{\"dataset_uri\": \"" + DATA + "\"}", 200,
            "DatasetEvent"),
        new Op("delete_dag_dataset_queued_events", "DELETE", "/dags/consumer_all/datasets/queuedEvent", null, 204, null),
        new Op("delete_dataset_queued_events", "DELETE", "/datasets/queuedEvent/{uri}", null, 204, null),
        new Op("get_event_logs", "GET", "/eventLogs", null, 200, "EventLogCollection"),
        new Op("get_event_log", "GET", "/eventLogs/{event_log_id}", null, 200, "EventLog"),
        new Op("get_import_errors", "GET", "/importErrors", null, 200, "ImportErrorCollection"),
        new Op("get_import_error", "GET", "/importErrors/{import_error_id}", null, 200, "ImportError"),
        new Op("post_pool", "POST", "/pools", "{\"name\": \"conf_pool\", \"slots\": 2}", 200, "Pool"),
        new Op("get_pools", "GET", "/pools", null, 200, "PoolCollection"),
        new Op("get_pool", "GET", "/pools/conf_pool", null, 200, "Pool"),
        new Op("patch_pool", "PATCH", "/pools/conf_pool", "{\"name\": \"conf_pool\", \"slots\": 3}", 200, "Pool"),
        new Op("delete_pool", "DELETE", "/pools/conf_pool", null, 204, null),
        new Op("post_variables", "POST", "/variables", "{\"key\": \"conf_var\", \"value\": \"v\"}", 200, "Variable"),
        new Op("get_variables", "GET", "/variables", null, 200, "VariableCollection"),
        new Op("get_variable", "GET", "/variables/conf_var", null, 200, "Variable"),
        new Op("patch_variable", "PATCH", "/variables/conf_var", "{\"key\": \"conf_var\", \"value\": \"w\"}", 200,
            "Variable"),
        new Op("delete_variable", "DELETE", "/variables/conf_var", null, 204, null),
        new Op("post_connection", "POST", "/connections", CONN, 200, "Connection"),
        new Op("get_connections", "GET", "/connections", null, 200, "ConnectionCollection"),
        new Op("get_connection", "GET", "/connections/conf_conn", null, 200, "Connection"),
        new Op("patch_connection", "PATCH", "/connections/conf_conn",
            "{\"connection_id\": \"conf_conn\", \"conn_type\": \"http\", \"description\": \"d\"}", 200, "Connection"),
        new Op("test_connection", "POST", "/connections/test", CONN, 200, "ConnectionTest"),
        new Op("delete_connection", "DELETE", "/connections/conf_conn", null, 204, null),
        new Op("post_role", "POST", "/roles", "{\"name\": \"conf_role\", \"actions\": " + ROLE_ACTIONS + "}", 200,
            "Role"),
        new Op("get_roles", "GET", "/roles", null, 200, "RoleCollection"),
        new Op("get_role", "GET", "/roles/conf_role", null, 200, "Role"),
        new Op("patch_role", "PATCH", "/roles/conf_role", "{\"name\": \"conf_role\", \"actions\": []}", 200, "Role"),
        new Op("delete_role", "DELETE", "/roles/conf_role", null, 204, null),
        new Op("post_user", "POST", "/users", "{\"username\": \"conf_user\", \"password\": \"conf-pass-1\","
            + " \"email\": \"c@example.com\", \"first_name\": \"C\", \"last_name\": \"F\", \"roles\": [{\"name\": \"Viewer\"}]}",
            200, "UserCollectionItem"),
        new Op("get_users", "GET", "/users", null, 200, "UserCollection"),
        new Op("get_user", "GET", "/users/conf_user", null, 200, "UserCollectionItem"),
        new Op("patch_user", "PATCH", "/users/conf_user?update_mask=first_name", "{\"first_name\": \"D\"}", 200,
            "UserCollectionItem"),
        new Op("delete_user", "DELETE", "/users/conf_user", null, 204, null),
        new Op("delete_dag", "DELETE", "/dags/scratch", null, 204, null));
  }

  private static Path home;
  private static Aloft aloft;
  private static Daemon daemon;
  private static int port;
  private static final Map<String, String> VARS = new LinkedHashMap<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    home = Files.createTempDirectory("aloft-conformance-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Files.writeString(dags.resolve("conform.py"), DAG_FILE);
    Files.writeString(dags.resolve("broken.py"), "from airflow import DAG\nraise ValueError('conformance import error')\n");
    aloft = Aloft.openStore(ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER",
        dags.toString(), "ALOFT_DATABASE_URL", TestDatabase.freshUrl(), "ALOFT_DATABASE_USER", "postgres",
        "ALOFT_PORT", "0", "ALOFT_EXPOSE_CONFIG", "true"), home, home));
    daemon = Daemon.start(aloft, new Daemon.Options(false, true));
    port = daemon.web().orElseThrow().port();

    aloft.app().runs().trigger(Actor.SYSTEM, "conform", "conformance_run", Map.of(), null);
    JsonNode run = await("the conform run to succeed", () -> get("/dags/conform/dagRuns/conformance_run"),
        r -> r.path("state").asText().equals("success"));
    assertThat(run.get("state").asText()).isEqualTo("success");
    JsonNode triggered = await("a dataset-triggered run of consumer_any",
        // the page, not total_entries: the list counts after it reads the page, so a run made in between is
        // counted but not listed
        () -> get("/dags/consumer_any/dagRuns?limit=1"), r -> r.path("dag_runs").size() > 0);
    VARS.put("{triggered}", triggered.at("/dag_runs/0/dag_run_id").asText());
    VARS.put("{token}", get("/dags/conform").get("file_token").asText());
    VARS.put("{uri}", URLEncoder.encode(DATA, StandardCharsets.UTF_8));
    JsonNode errors = await("the import error of broken.py", () -> get("/importErrors"),
        r -> r.path("total_entries").asInt() > 0);
    VARS.put("{import_error_id}", errors.at("/import_errors/0/import_error_id").asText());
    VARS.put("{event_log_id}", get("/eventLogs?limit=1").at("/event_logs/0/event_log_id").asText());
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
    if (aloft != null) {
      aloft.close();
    }
  }

  @Test
  @Order(1)
  void aViewerIsRefusedEveryWriteAndUserAndOpTheirLimits() throws Exception {
    // what the writes act on exists (made by the Admin), so that a 403 is the permission, not a missing thing
    for (String[] setup : List.of(
        new String[] {"POST", "/pools", "{\"name\": \"conf_pool\", \"slots\": 2}"},
        new String[] {"POST", "/variables", "{\"key\": \"conf_var\", \"value\": \"v\"}"},
        new String[] {"POST", "/connections", CONN},
        new String[] {"POST", "/roles", "{\"name\": \"conf_role\", \"actions\": " + ROLE_ACTIONS + "}"},
        new String[] {"POST", "/users", "{\"username\": \"conf_user\", \"password\": \"conf-pass-1\", \"email\": \"c@x\","
            + " \"first_name\": \"C\", \"last_name\": \"F\", \"roles\": [{\"name\": \"Viewer\"}]}"},
        new String[] {"POST", "/users", userJson("viewer", "Viewer")},
        new String[] {"POST", "/users", userJson("user", "User")},
        new String[] {"POST", "/users", userJson("op", "Op")},
        new String[] {"POST", "/dags/scratch/dagRuns", "{\"dag_run_id\": \"conformance_manual\"}"})) {
      HttpResponse<String> r = call("airflow", setup[0], setup[1], setup[2]);
      assertThat(r.statusCode()).as(setup[1] + ": " + r.body()).isEqualTo(200);
    }
    List<String> writes = new ArrayList<>();
    List<String> notRefused = new ArrayList<>();
    for (Op op : operations()) {
      boolean read = op.method().equals("GET") || op.id().endsWith("_batch");
      if (read) {
        continue;
      }
      writes.add(op.id());
      HttpResponse<String> r = call("viewer", op.method(), path(op), op.body());
      if (r.statusCode() != 403 || !V1Shapes.check("Error", JSON.readTree(r.body())).isEmpty()) {
        notRefused.add(op.id() + ": " + r.statusCode() + " " + abbreviate(r.body()));
      }
    }
    assertThat(notRefused).as("writes a Viewer was not refused with a 403 problem").isEmpty();
    System.out.println("A Viewer got 403 for all " + writes.size() + " write operations: " + writes);
    assertThat(writes).hasSize(35);
    assertThat(call("viewer", "GET", "/dags", null).statusCode()).isEqualTo(200);
    assertThat(call("viewer", "GET", "/pools/conf_pool", null).statusCode()).as("the refused delete changed nothing")
        .isEqualTo(200);
    for (String secret : List.of("/variables", "/connections", "/config", "/users", "/roles", "/providers")) {
      assertThat(call("viewer", "GET", secret, null).statusCode()).as("Viewer GET " + secret).isEqualTo(403);
    }
    // a User runs DAGs but manages no variables, pools, connections or users
    assertThat(call("user", "PATCH", TI + "/produce/setNote", "{\"note\": \"by a user\"}").statusCode()).isEqualTo(200);
    for (String[] refused : List.of(new String[] {"POST", "/variables", "{\"key\": \"k\", \"value\": \"v\"}"},
        new String[] {"PATCH", "/pools/conf_pool", "{\"name\": \"conf_pool\", \"slots\": 5}"},
        new String[] {"DELETE", "/connections/conf_conn", null}, new String[] {"GET", "/config", null},
        new String[] {"DELETE", "/users/conf_user", null})) {
      assertThat(call("user", refused[0], refused[1], refused[2]).statusCode()).as("User " + refused[1]).isEqualTo(403);
    }
    // an Op also manages variables, pools, connections and reads the config, but not users or roles
    assertThat(call("op", "PATCH", "/pools/conf_pool", "{\"name\": \"conf_pool\", \"slots\": 5}").statusCode())
        .isEqualTo(200);
    assertThat(call("op", "GET", "/config", null).statusCode()).isEqualTo(200);
    assertThat(call("op", "DELETE", "/users/conf_user", null).statusCode()).isEqualTo(403);
    assertThat(call("op", "GET", "/roles", null).statusCode()).isEqualTo(403);

    for (String cleanup : List.of("/pools/conf_pool", "/variables/conf_var", "/connections/conf_conn",
        "/users/conf_user", "/roles/conf_role", "/dags/scratch/dagRuns/conformance_manual")) {
      assertThat(call("airflow", "DELETE", cleanup, null).statusCode()).as(cleanup).isEqualTo(204);
    }
  }

  @Test
  @Order(2)
  void everyServedOperationAnswersInAirflowsShape() throws Exception {
    List<Op> ops = operations();
    Set<String> ids = new HashSet<>();
    ops.forEach(op -> assertThat(ids.add(op.id())).as("called once: " + op.id()).isTrue());
    NOT_SERVED.keySet().forEach(id -> assertThat(ids).as("served and not served: " + id).doesNotContain(id));
    assertThat(ops.size() + NOT_SERVED.size()).as("Airflow 2.10's v1 reference has 89 operations").isEqualTo(89);

    Map<String, List<String>> failures = new LinkedHashMap<>();
    int served = 0;
    for (Op op : ops) {
      if (op.id().equals("delete_dataset_queued_events")) {
        announce(); // the queue the previous delete emptied is filled again
      }
      if (op.id().equals("delete_dag_dataset_queued_events")) {
        await("consumer_all's queue", () -> get("/datasets/queuedEvent/" + VARS.get("{uri}")),
            r -> r.path("total_entries").asInt() > 0);
      }
      HttpResponse<String> r = call("airflow", op.method(), path(op), op.body());
      List<String> problems = new ArrayList<>();
      if (r.statusCode() != op.status()) {
        problems.add("status " + r.statusCode() + " (expected " + op.status() + "): " + abbreviate(r.body()));
      } else if (op.schema() != null) {
        problems.addAll(V1Shapes.check(op.schema(), JSON.readTree(r.body())));
      }
      if (problems.isEmpty()) {
        served++;
      } else {
        failures.put(op.id(), problems);
      }
    }
    System.out.println("Airflow 2.10 v1 operations served and schema-valid: " + served + " of 89");
    NOT_SERVED.forEach((id, why) -> System.out.println("  not served: " + id + " - " + why));
    failures.forEach((id, p) -> System.out.println("  FAILED: " + id + " " + p));
    assertThat(failures).as("operations whose answer departs from Airflow's shape").isEmpty();
    assertThat(served).isGreaterThanOrEqualTo(85);
  }

  @Test
  @Order(3)
  void errorsArePagedAndProblemJson() throws Exception {
    JsonNode page = get("/dags?limit=1&offset=1");
    assertThat(page.get("dags")).hasSize(1);
    assertThat(page.get("total_entries").asInt()).isGreaterThanOrEqualTo(3);
    List<Object[]> errors = List.of(
        new Object[] {"airflow", "GET", "/dags/nope", null, 404},
        new Object[] {"airflow", "GET", "/dags/conform/dagRuns/nope", null, 404},
        new Object[] {"airflow", "GET", "/dags?order_by=nope", null, 400},
        new Object[] {"airflow", "POST", "/pools", "{}", 400},
        new Object[] {"airflow", "POST", "/roles", "{\"name\": \"Admin\", \"actions\": []}", 409},
        new Object[] {"airflow", "PATCH", "/roles/Admin", "{\"name\": \"Admin\", \"actions\": []}", 400},
        new Object[] {"airflow", "GET", "/config/section/nope/option/x", null, 404},
        new Object[] {"airflow", "GET", "/users/nope", null, 404},
        new Object[] {null, "GET", "/dags", null, 401});
    for (Object[] e : errors) {
      HttpResponse<String> r = call((String) e[0], (String) e[1], (String) e[2], (String) e[3]);
      assertThat(r.statusCode()).as(e[1] + " " + e[2] + ": " + r.body()).isEqualTo(e[4]);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      JsonNode body = JSON.readTree(r.body());
      assertThat(V1Shapes.check("Error", body)).as(e[2].toString()).isEmpty();
      assertThat(body.get("status").asInt()).isEqualTo(e[4]);
    }
    HttpRequest text = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + TI + "/produce/logs/1"))
        .header("Authorization", basic("airflow", "airflow")).header("Accept", "text/plain").build();
    HttpResponse<String> log = HTTP.send(text, HttpResponse.BodyHandlers.ofString());
    assertThat(log.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(log.body()).contains("produced");
  }

  private static String userJson(String name, String role) {
    return "{\"username\": \"" + name + "\", \"password\": \"" + name + "-pass-1\", \"email\": \"" + name
        + "@example.com\", \"first_name\": \"" + name + "\", \"last_name\": \"T\", \"roles\": [{\"name\": \"" + role
        + "\"}]}";
  }

  private static void announce() throws Exception {
    HttpResponse<String> r = call("airflow", "POST", "/datasets/events", "{\"dataset_uri\": \"" + DATA + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String path(Op op) {
    String p = op.path();
    for (Map.Entry<String, String> v : VARS.entrySet()) {
      p = p.replace(v.getKey(), v.getValue());
    }
    return p;
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = call("airflow", "GET", path, null);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  interface Fetch {
    JsonNode get() throws Exception;
  }

  private static JsonNode await(String what, Fetch fetch, Predicate<JsonNode> done) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        last = fetch.get();
      } catch (AssertionError notYet) {
        last = null;
      }
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what + "; last answer: " + last);
  }

  private static HttpResponse<String> call(String user, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      b.header("Authorization", basic(user, user.equals("airflow") ? "airflow" : user + "-pass-1"));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
