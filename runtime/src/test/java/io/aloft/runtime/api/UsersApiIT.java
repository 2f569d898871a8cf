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

/** Users and roles through the API: a custom role's rights count at once, fixed roles and the last Admin hold. */
class UsersApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestWebServer web;

  @BeforeAll
  static void start() {
    web = new TestWebServer();
    web.stores.dags().saveParsed(TestWebServer.dag("etl", Map.of(), "extract", "load"), false, Instant.now());
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @Test
  void aCustomRoleGrantsWhatItListsAndNothingElse() throws Exception {
    assertThat(web.users.list()).allMatch(u -> u.role().equals("Admin"));
    HttpResponse<String> role = web.api("POST", "/roles", "{\"name\": \"Triggerer\", \"actions\": ["
        + "{\"action\": {\"name\": \"can_read\"}, \"resource\": {\"name\": \"DAGs\"}},"
        + "{\"action\": {\"name\": \"can_create\"}, \"resource\": {\"name\": \"DAG Runs\"}}]}");
    assertThat(role.statusCode()).as(role.body()).isEqualTo(200);
    HttpResponse<String> user = web.api("POST", "/users", "{\"username\": \"tina\", \"password\": \"tina-pass-1\","
        + " \"email\": \"t@example.com\", \"first_name\": \"Tina\", \"last_name\": \"T\", \"roles\": [{\"name\": \"Triggerer\"}]}");
    assertThat(JSON.readTree(user.body()).at("/roles/0/name").asText()).isEqualTo("Triggerer");
    assertThat(web.send("POST", "/api/v1/dags/etl/dagRuns", "{}", "tina", "tina-pass-1").statusCode()).isEqualTo(200);
    assertThat(web.send("PATCH", "/api/v1/dags/etl", "{\"is_paused\": true}", "tina", "tina-pass-1").statusCode())
        .isEqualTo(403);

    HttpResponse<String> narrowed = web.api("PATCH", "/roles/Triggerer?update_mask=actions", "{\"actions\": []}");
    assertThat(JSON.readTree(narrowed.body()).get("actions")).isEmpty();
    assertThat(web.send("POST", "/api/v1/dags/etl/dagRuns", "{}", "tina", "tina-pass-1").statusCode())
        .as("a changed role counts at the next request").isEqualTo(403);
    assertThat(web.api("DELETE", "/roles/Triggerer", null).statusCode()).as("still tina's role").isEqualTo(400);

    JsonNode inactive = JSON.readTree(web.api("PATCH", "/users/tina?update_mask=active", "{\"active\": false}").body());
    assertThat(inactive.get("active").asBoolean()).isFalse();
    assertThat(web.send("GET", "/api/v1/dags", null, "tina", "tina-pass-1").statusCode()).isEqualTo(401);
    assertThat(web.api("DELETE", "/users/tina", null).statusCode()).isEqualTo(204);
    assertThat(web.api("DELETE", "/roles/Triggerer", null).statusCode()).isEqualTo(204);
  }

  @Test
  void fixedRolesAndTheLastAdminHold() throws Exception {
    JsonNode roles = JSON.readTree(web.api("GET", "/roles", null).body());
    assertThat(roles.get("roles")).extracting(r -> r.get("name").asText()).contains("Admin", "Op", "User", "Viewer");
    HttpResponse<String> fixed = web.api("DELETE", "/roles/Viewer", null);
    assertThat(fixed.statusCode()).isEqualTo(400);
    assertThat(fixed.body()).contains("fixed roles");
    HttpResponse<String> demote = web.api("PATCH", "/users/airflow?update_mask=roles", "{\"roles\": [{\"name\": \"Viewer\"}]}");
    assertThat(demote.statusCode()).isEqualTo(400);
    assertThat(demote.body()).contains("last active Admin");
    assertThat(web.api("PATCH", "/users/airflow", "{\"roles\": [{\"name\": \"Op\"}, {\"name\": \"User\"}]}").statusCode())
        .as("an Aloft user has one role").isEqualTo(400);
    assertThat(JSON.readTree(web.api("GET", "/permissions", null).body()).get("total_entries").asInt()).isEqualTo(4);
  }
}
