package io.aloft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.app.Actor;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.SecretCipher;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.sdk.Connection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's connections end to end: added through the REST API, read by a Python task ({@code BaseHook}) and a
 * template ({@code conn.x.host}), given by {@code AIRFLOW_CONN_*} / {@code ALOFT_CONN_*}; the password is in no
 * log file and no API answer, and only encrypted in the table. And the CLI's round trip with key rotation.
 */
class ConnectionsIT {

  private static final String PASSWORD = "Wh-S3cret-4242";
  private static final String API_KEY = "Key-77777777";
  private static final String ENV_PASSWORD = "EnvPw-9876";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String DAG = String.join("\n",
      "from datetime import datetime",
      "from airflow import DAG",
      "from airflow.decorators import task",
      "from airflow.hooks.base import BaseHook",
      "from airflow.operators.bash import BashOperator",
      "from airflow.sdk import Connection",
      "with DAG('conns', start_date=datetime(2024, 1, 1), schedule=None) as dag:",
      "    @task",
      "    def use():",
      "        c = BaseHook.get_connection('warehouse')",
      "        print('host=%s port=%s login=%s schema=%s region=%s' % (c.host, c.port, c.login, c.schema,",
      "              c.extra_dejson['region']))",
      "        print('password is ' + c.password + ' key ' + c.extra_dejson['api_key'])",
      "        print('uri ' + c.get_uri())",
      "        e = Connection.get('env_db')",
      "        print('env host=%s login=%s password=%s' % (e.host, e.login, e.password))",
      "        j = BaseHook.get_connection('json_db')",
      "        print('json type=%s host=%s' % (j.conn_type, j.host))",
      "        return c.host",
      "    BashOperator(task_id='templ', bash_command='echo \"tpl {{ conn.warehouse.host }}:{{ conn.warehouse.port }}"
          + " {{ conn.warehouse.password }} {{ conn.env_db.login }}\"') << use()",
      "");

  private static AloftConfig config(Path home, Path dags, String dbUrl) {
    return ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DAGS_FOLDER", dags.toString(),
        "ALOFT_DATABASE_URL", dbUrl, "ALOFT_DATABASE_USER", "postgres", "ALOFT_PORT", "0",
        "AIRFLOW_CONN_ENV_DB", "postgres://envuser:" + ENV_PASSWORD + "@envhost:5433/envdb?sslmode=require",
        "ALOFT_CONN_JSON_DB", "{\"conn_type\": \"http\", \"host\": \"api.example.com\", \"password\": \"JsonPw-5555\"}"),
        home, home);
  }

  @Test
  void aConnectionAddedByTheApiIsReadByTasksAndTemplatesAndItsSecretsStayHidden() throws Exception {
    Path home = Files.createTempDirectory("aloft-conns-");
    Path dags = Files.createDirectories(home.resolve("dags"));
    Files.writeString(dags.resolve("conns.py"), DAG);
    AloftConfig config = config(home, dags, TestDatabase.freshUrl());
    List<String> answers = new ArrayList<>();
    try (Aloft aloft = Aloft.openStore(config); Daemon daemon = Daemon.start(aloft, new Daemon.Options(false, true))) {
      Path key = SecretCipher.keyFile(home);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
      int port = daemon.web().orElseThrow().port();

      HttpResponse<String> created = api(port, "POST", "/connections", "{\"connection_id\": \"warehouse\","
          + " \"conn_type\": \"postgres\", \"host\": \"db.internal\", \"port\": 5432, \"login\": \"etl\", \"password\": \""
          + PASSWORD + "\", \"schema\": \"dwh\", \"extra\": \"{\\\"region\\\": \\\"eu-1\\\", \\\"api_key\\\": \\\""
          + API_KEY + "\\\"}\", \"description\": \"the warehouse\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      answers.add(created.body());
      assertThat(api(port, "POST", "/connections", "{\"connection_id\": \"warehouse\", \"conn_type\": \"x\"}").statusCode())
          .isEqualTo(409);
      HttpResponse<String> one = api(port, "GET", "/connections/warehouse", null);
      answers.add(one.body());
      JsonNode c = JSON.readTree(one.body());
      assertThat(c.get("host").asText()).isEqualTo("db.internal");
      assertThat(c.get("port").asInt()).isEqualTo(5432);
      assertThat(c.get("description").asText()).isEqualTo("the warehouse");
      assertThat(c.has("password")).isFalse();
      assertThat(JSON.readTree(c.get("extra").asText()).get("api_key").asText()).isEqualTo("***");
      HttpResponse<String> list = api(port, "GET", "/connections", null);
      answers.add(list.body());
      assertThat(JSON.readTree(list.body()).get("connections")).extracting(n -> n.get("connection_id").asText())
          .contains("env_db", "fs_default", "json_db", "warehouse");
      HttpResponse<String> env = api(port, "GET", "/connections/env_db", null);
      answers.add(env.body());
      assertThat(JSON.readTree(env.body()).get("login").asText()).isEqualTo("envuser");
      HttpResponse<String> patched = api(port, "PATCH", "/connections/warehouse?update_mask=description",
          "{\"connection_id\": \"warehouse\", \"conn_type\": \"postgres\", \"description\": \"main warehouse\"}");
      answers.add(patched.body());
      assertThat(JSON.readTree(patched.body()).get("description").asText()).isEqualTo("main warehouse");
      assertThat(JSON.readTree(patched.body()).get("host").asText()).as("outside the mask: kept").isEqualTo("db.internal");
      HttpResponse<String> tested = api(port, "POST", "/connections/test", "{\"connection_id\": \"self\","
          + " \"conn_type\": \"http\", \"host\": \"localhost\", \"port\": " + port + "}");
      assertThat(JSON.readTree(tested.body()).get("status").asBoolean()).as(tested.body()).isTrue();
      HttpResponse<String> refused = api(port, "POST", "/connections/test",
          "{\"connection_id\": \"nohost\", \"conn_type\": \"http\"}");
      assertThat(JSON.readTree(refused.body()).get("status").asBoolean()).isFalse();

      String stored = aloft.stores().jdbi().withHandle(h -> h.createQuery(
          "SELECT password || ' ' || extra FROM connection WHERE conn_id = 'warehouse' AND is_encrypted AND is_extra_encrypted")
          .mapTo(String.class).one());
      assertThat(stored).doesNotContain(PASSWORD).doesNotContain(API_KEY).doesNotContain("eu-1");

      DagRunRow run = aloft.app().runs().trigger(Actor.SYSTEM, "conns", null, Map.of(), null);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while (!run.state().isFinished() && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
        run = aloft.app().runs().get("conns", run.runId()).orElseThrow();
      }
      String logs = allLogs(config.logsFolder());
      assertThat(run.state()).as(logs).isEqualTo(RunState.SUCCESS);
      assertThat(logs).contains("host=db.internal port=5432 login=etl schema=dwh region=eu-1")
          .contains("password is *** key ***")
          .contains("env host=envhost login=envuser password=***")
          .contains("json type=http host=api.example.com")
          .contains("tpl db.internal:5432 *** envuser")
          .doesNotContain(PASSWORD).doesNotContain(API_KEY).doesNotContain(ENV_PASSWORD).doesNotContain("JsonPw-5555");
      String rendered = aloft.stores().jdbi().withHandle(h -> h.createQuery(
          "SELECT string_agg(rendered_fields::text, ' ') FROM task_instance WHERE dag_id = 'conns'").mapTo(String.class).one());
      assertThat(rendered).contains("db.internal").doesNotContain(PASSWORD);
      for (String path : List.of("/dags/conns/dagRuns/" + run.runId() + "/taskInstances/use/logs/1",
          "/dags/conns/dagRuns/" + run.runId() + "/taskInstances/templ/logs/1",
          "/dags/conns/dagRuns/" + run.runId() + "/taskInstances/use/xcomEntries/return_value")) {
        answers.add(api(port, "GET", path, null).body());
      }
      String templ = api(port, "GET", "/dags/conns/dagRuns/" + run.runId() + "/taskInstances/templ", null).body();
      answers.add(templ);
      assertThat(JSON.readTree(templ).get("rendered_fields").toString()).as("the single instance's rendered fields")
          .contains("db.internal").contains("***");
      assertThat(String.join("\n", answers)).doesNotContain(PASSWORD).doesNotContain(API_KEY).doesNotContain(ENV_PASSWORD)
          .doesNotContain("JsonPw-5555");

      assertThat(api(port, "DELETE", "/connections/warehouse", null).statusCode()).isEqualTo(204);
      assertThat(api(port, "GET", "/connections/warehouse", null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theCliAddsExportsImportsAndRotatesTheKey() throws Exception {
    Path home = Files.createTempDirectory("aloft-conns-cli-");
    AloftConfig config = config(home, Files.createDirectories(home.resolve("dags")), TestDatabase.freshUrl());
    assertThat(cli(config, "connections", "add", "pg", "--conn-uri", "postgres://u:" + PASSWORD + "@h:5432/db?sslmode=require")
        .out()).contains("Successfully added `conn_id`=pg").doesNotContain(PASSWORD);
    assertThat(cli(config, "connections", "add", "api", "--conn-type", "http", "--conn-host", "api.example.com",
        "--conn-password", "ApiPw-1234", "--conn-extra", "{\"timeout\": 5}").code()).isZero();
    assertThat(cli(config, "connections", "add", "api", "--conn-type", "http").code()).as("taken").isNotZero();
    Cli get = cli(config, "connections", "get", "pg", "-o", "json");
    JsonNode pg = JSON.readTree(get.out()).get(0);
    assertThat(pg.get("host").asText()).isEqualTo("h");
    assertThat(pg.get("extra").get("sslmode").asText()).isEqualTo("require");
    assertThat(get.out()).doesNotContain(PASSWORD);
    assertThat(cli(config, "connections", "list", "-o", "json").out()).contains("\"api\"", "\"pg\"", "\"env_db\"")
        .doesNotContain(PASSWORD).doesNotContain("ApiPw-1234").doesNotContain(ENV_PASSWORD);

    Path export = home.resolve("conns.json");
    assertThat(cli(config, "connections", "export", export.toString()).code()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(export))).isEqualTo("rw-------");
    assertThat(Files.readString(export)).contains(PASSWORD).doesNotContain("env_db");
    assertThat(cli(config, "connections", "delete", "pg").code()).isZero();
    assertThat(cli(config, "connections", "get", "pg").code()).isNotZero();
    assertThat(cli(config, "connections", "import", export.toString()).out())
        .contains("Imported connection pg").contains("Could not import connection api");

    Path key = SecretCipher.keyFile(home);
    String keyBefore = Files.readString(key);
    String cipherBefore = storedPassword(config, "pg");
    assertThat(cli(config, "connections", "rotate-key").out()).contains("Re-encrypted 3 connection(s)");
    assertThat(Files.readString(key)).isNotEqualTo(keyBefore);
    assertThat(storedPassword(config, "pg")).isNotEqualTo(cipherBefore).doesNotContain(PASSWORD);
    try (Aloft aloft = Aloft.openStore(config)) {
      Connection back = aloft.app().connections().get("pg").orElseThrow().connection();
      assertThat(back.password()).as("read with the new key").isEqualTo(PASSWORD);
      assertThat(back.port()).isEqualTo(5432);
      assertThat(aloft.app().connections().get("api").orElseThrow().connection().extra()).containsEntry("timeout", 5);
      assertThat(aloft.app().connections().get("fs_default").orElseThrow().connection().extra())
          .as("the first migration's plain row, encrypted by the rotation").containsEntry("path", "/");
    }
  }

  private static String storedPassword(AloftConfig config, String id) {
    try (Aloft aloft = Aloft.openStore(config)) {
      return aloft.stores().jdbi().withHandle(h -> h.createQuery("SELECT password FROM connection WHERE conn_id = :c")
          .bind("c", id).mapTo(String.class).one());
    }
  }

  record Cli(int code, String out) {}

  private static Cli cli(AloftConfig config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(config, args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Cli(code, out + err.toString());
  }

  private static HttpResponse<String> api(int port, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("airflow:airflow".getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String allLogs(Path folder) throws Exception {
    StringBuilder sb = new StringBuilder();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path p : files.filter(Files::isRegularFile).toList()) {
          sb.append(Files.readString(p)).append('\n');
        }
      }
    }
    return sb.toString();
  }
}
