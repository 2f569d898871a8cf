package io.aloft.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.store.TriggerStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A deferred instance's {@code trigger} and {@code triggerer_job} in Airflow's v1 shape. */
class TaskInstanceTriggerJsonTest {

  @Test
  void aClaimedTriggerShowsItsTriggererAndAnUnclaimedOneNone() {
    Instant created = Instant.parse("2026-01-02T03:04:05Z");
    Map<String, Object> m = new LinkedHashMap<>(Map.of("trigger", "none yet"));
    TaskInstancesResource.withTrigger(m, new TriggerStore.Described("wait", -1, 7,
        "airflow.triggers.temporal.DateTimeTrigger", "{\"moment\": \"2026-01-02T04:00:00+00:00\"}", created, "host:1",
        Instant.parse("2026-01-02T03:05:00Z")));
    assertThat(m.get("trigger")).isEqualTo(Map.of("id", 7L, "classpath", "airflow.triggers.temporal.DateTimeTrigger",
        "kwargs", "{\"moment\": \"2026-01-02T04:00:00+00:00\"}", "created_date", ApiJson.date(created),
        "triggerer_id", "host:1"));
    @SuppressWarnings("unchecked")
    Map<String, Object> job = (Map<String, Object>) m.get("triggerer_job");
    assertThat(job).containsEntry("job_type", "TriggererJob").containsEntry("hostname", "host:1")
        .containsEntry("state", "running")
        .containsEntry("latest_heartbeat", ApiJson.date(Instant.parse("2026-01-02T03:04:30Z")));

    Map<String, Object> unclaimed = new LinkedHashMap<>();
    unclaimed.put("triggerer_job", null);
    TaskInstancesResource.withTrigger(unclaimed, new TriggerStore.Described("wait", -1, 8, "x.Y", "{}", created, null,
        null));
    assertThat(unclaimed.get("triggerer_job")).isNull();
    assertThat(unclaimed).containsKey("trigger");
  }
}
