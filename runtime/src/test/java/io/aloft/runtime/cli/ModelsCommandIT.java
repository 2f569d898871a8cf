package io.aloft.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.runtime.Main;
import io.aloft.runtime.config.AloftConfig;
import io.aloft.runtime.config.ConfigLoader;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.ModelRegistryStore;
import io.aloft.runtime.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aloft models list} over a real database with registry rows (migration V3). */
class ModelsCommandIT {

  @TempDir Path home;

  @Test
  void listsSavedModelsWithTheirMetricsAsTableAndJson() throws Exception {
    String url = TestDatabase.freshUrl();
    AloftConfig config = ConfigLoader.load(Map.of("ALOFT_HOME", home.toString(), "ALOFT_DATABASE_URL", url), home, home);
    try (Database db = Database.open(config)) {
      new ModelRegistryStore(db.jdbi()).add(new ModelRegistryStore.ModelRow(0, "named_entity_recognition-20260101T000000-abcdef",
          "named_entity_recognition", Map.of("sdk", Map.of("train", "sample/sample.jsonl")), "nlp_model_training", "run-1",
          Map.of("f1", 0.9932, "f1_kind", "entity_micro", "per_label", Map.of("PER", Map.of("f1", 0.99))), "cpu", 1.1,
          "/models/ner.json", Instant.parse("2026-01-01T00:00:00Z")));
    }

    StringWriter table = new StringWriter();
    assertThat(Main.run(config, new String[] {"models", "list"}, new PrintWriter(table), new PrintWriter(new StringWriter())))
        .isZero();
    assertThat(table.toString()).contains("saved_model_name").contains("named_entity_recognition-20260101T000000-abcdef")
        .contains("0.9932");

    StringWriter json = new StringWriter();
    assertThat(Main.run(config, new String[] {"models", "list", "-o", "json"}, new PrintWriter(json),
        new PrintWriter(new StringWriter()))).isZero();
    JsonNode rows = new ObjectMapper().readTree(json.toString());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).path("metrics").path("f1").asDouble()).isEqualTo(0.9932);
    assertThat(rows.get(0).path("metrics").path("per_label").has("PER")).isTrue();
    assertThat(rows.get(0).path("device").asText()).isEqualTo("cpu");
  }
}
