package io.aloft.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriggerTest {

  @Test
  void readsTheBuiltInTriggersUnderAirflow2And3Paths() {
    assertThat(Trigger.parse("airflow.triggers.temporal.DateTimeTrigger", Map.of("moment", "2026-01-02T03:04:05+00:00")))
        .isEqualTo(new Trigger.DateTime(Instant.parse("2026-01-02T03:04:05Z")));
    assertThat(Trigger.parse("airflow.providers.standard.triggers.temporal.DateTimeTrigger",
        Map.of("moment", "2026-01-02T03:04:05"))).as("a naive datetime is UTC")
        .isEqualTo(new Trigger.DateTime(Instant.parse("2026-01-02T03:04:05Z")));
    assertThat(Trigger.parse("airflow.triggers.file.FileTrigger", Map.of("filepath", "/data/*.csv", "poke_interval", 2)))
        .isEqualTo(new Trigger.File("/data/*.csv", false, Duration.ofSeconds(2)));
    assertThat(Trigger.parse("airflow.triggers.external_task.DagStateTrigger",
        Map.of("dag_id", "target", "run_ids", List.of("r1"), "states", List.of("success", "failed"))))
        .isEqualTo(new Trigger.DagState("target", List.of("r1"), Set.of("success", "failed"), Duration.ofSeconds(5)));
  }

  @Test
  void whatItStoresReadsBackTheSame() {
    Trigger file = new Trigger.File("/in/ready", true, Duration.ofMillis(1500));
    assertThat(Trigger.parse(Trigger.classpath(file), Trigger.kwargs(file))).isEqualTo(file);
    Trigger at = new Trigger.DateTime(Instant.parse("2026-05-06T07:08:09.123Z"));
    assertThat(Trigger.parse(Trigger.classpath(at), Trigger.kwargs(at))).isEqualTo(at);
  }

  @Test
  void anyOtherClasspathIsAPythonTriggerKeptAsSerialized() {
    Map<String, Object> kwargs = new java.util.LinkedHashMap<>();
    kwargs.put("moment", Map.of("__aloft_type", "datetime", "value", "2026-01-02T03:04:05+00:00"));
    kwargs.put("note", null);
    Trigger t = Trigger.parse("my_dag.MyTrigger", kwargs);
    assertThat(t).isEqualTo(new Trigger.Python("my_dag.MyTrigger", kwargs));
    assertThat(Trigger.classpath(t)).isEqualTo("my_dag.MyTrigger");
    assertThat(Trigger.kwargs(t)).isEqualTo(kwargs);
    assertThatThrownBy(() -> Trigger.parse("MyTrigger", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no module");
    assertThatThrownBy(() -> Trigger.parse("airflow.triggers.temporal.DateTimeTrigger", Map.of("moment", "soon")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid arguments");
  }
}
