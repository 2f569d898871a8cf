package io.aloft.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionTest {

  private final Connection c = new Connection(
      "warehouse", "postgres", "db.internal", "sales", "etl", "s3cret-pw", 5432, Map.of("sslmode", "require"));

  @Test
  void asMapNamesTheFieldsAsAirflowDoesInItsOrder() {
    assertThat(c.asMap()).containsExactly(
        Map.entry("conn_id", "warehouse"), Map.entry("conn_type", "postgres"), Map.entry("host", "db.internal"),
        Map.entry("schema", "sales"), Map.entry("login", "etl"), Map.entry("password", "s3cret-pw"),
        Map.entry("port", 5432), Map.entry("extra", Map.of("sslmode", "require")));
    assertThat(new Connection("bare", null, null, null, null, null, null, null).asMap())
        .containsEntry("conn_id", "bare").containsEntry("password", null).hasSize(8);
  }

  @Test
  void toStringNeverShowsThePasswordNorTheExtrasValues() {
    assertThat(c.toString()).contains("warehouse", "db.internal", "password=***", "sslmode")
        .doesNotContain("s3cret-pw").doesNotContain("require");
  }
}
