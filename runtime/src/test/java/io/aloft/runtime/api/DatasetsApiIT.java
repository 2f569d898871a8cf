package io.aloft.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.web.TestWebServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The datasets routes with Airflow's v1 shapes, over a real database. */
class DatasetsApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  @Test
  void announceListAndGet() throws Exception {
    try (TestWebServer web = new TestWebServer()) {
      JsonNode event = json(web.api("POST", "/datasets/events",
          "{\"dataset_uri\": \"s3://bucket/orders\", \"extra\": {\"rows\": 7}}"));
      assertThat(event.get("dataset_uri").asText()).isEqualTo("s3://bucket/orders");
      assertThat(event.get("extra").get("rows").asInt()).isEqualTo(7);
      assertThat(event.get("source_dag_id").isNull()).isTrue();

      JsonNode list = json(web.api("GET", "/datasets", null));
      assertThat(list.get("total_entries").asInt()).isEqualTo(1);
      assertThat(list.get("datasets").get(0).get("uri").asText()).isEqualTo("s3://bucket/orders");

      String encoded = URLEncoder.encode("s3://bucket/orders", StandardCharsets.UTF_8);
      assertThat(json(web.api("GET", "/datasets/" + encoded, null)).get("uri").asText()).isEqualTo("s3://bucket/orders");
      assertThat(web.api("GET", "/datasets/" + URLEncoder.encode("s3://nope", StandardCharsets.UTF_8), null).statusCode())
          .isEqualTo(404);

      JsonNode events = json(web.api("GET", "/datasets/events?dataset_uri=" + encoded, null));
      assertThat(events.get("total_entries").asInt()).isEqualTo(1);
      assertThat(web.api("POST", "/datasets/events", "{\"extra\": {}}").statusCode()).isEqualTo(400);
      assertThat(web.api("POST", "/datasets/events", "{\"dataset_uri\": \"x\", \"extra\": [1]}").statusCode()).isEqualTo(400);
    }
  }
}
