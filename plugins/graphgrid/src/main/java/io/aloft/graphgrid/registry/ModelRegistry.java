package io.aloft.graphgrid.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.sdk.extension.PluginServices.PluginDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GraphGrid's model metadata registry: the plugin's {@code model_registry} table (its migration
 * {@code db/graphgrid/V1}), one row per saved model. Written by {@code update_model_metadata_registry}; read by
 * {@code aloft models list}, {@code /api/v1/models} and the Models page. Thread-safe (one transaction per call).
 */
public final class ModelRegistry {

  /** One saved model and what its evaluation measured. */
  public record ModelRow(
      long id,
      String savedModelName,
      String model,
      Map<String, Object> datasets,
      String dagId,
      String runId,
      Map<String, Object> metrics,
      String device,
      Double trainingSeconds,
      String artifactPath,
      Instant createdAt) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSERT = "INSERT INTO model_registry (saved_model_name, model, datasets, dag_id, run_id,"
      + " metrics, device, training_seconds, artifact_path, created_at) VALUES (?, ?, CAST(? AS JSONB), ?, ?,"
      + " CAST(? AS JSONB), ?, ?, ?, ?) ON CONFLICT (saved_model_name) DO UPDATE SET metrics = EXCLUDED.metrics";

  private final PluginDatabase database;

  public ModelRegistry(PluginDatabase database) {
    this.database = database;
  }

  /** Every saved model, newest first; {@code model} null for all models. */
  public List<ModelRow> list(String model) {
    return database.inTransaction(c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT * FROM model_registry WHERE (CAST(? AS TEXT) IS NULL OR"
          + " model = ?) ORDER BY created_at DESC, id DESC")) {
        st.setString(1, model);
        st.setString(2, model);
        List<ModelRow> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.add(map(rs));
          }
        }
        return out;
      }
    });
  }

  /** Adds a row, or replaces the metrics of the saved model of the same name. */
  public void add(ModelRow row) {
    database.inTransaction(c -> insert(c, row));
  }

  private static int insert(Connection c, ModelRow row) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(INSERT)) {
      st.setString(1, row.savedModelName());
      st.setString(2, row.model());
      st.setString(3, json(row.datasets()));
      st.setString(4, row.dagId());
      st.setString(5, row.runId());
      st.setString(6, json(row.metrics()));
      st.setString(7, row.device());
      if (row.trainingSeconds() == null) {
        st.setNull(8, Types.DOUBLE);
      } else {
        st.setDouble(8, row.trainingSeconds());
      }
      st.setString(9, row.artifactPath());
      st.setTimestamp(10, Timestamp.from(row.createdAt()));
      return st.executeUpdate();
    }
  }

  private static String json(Object value) throws SQLException {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SQLException("not JSON: " + e.getMessage(), e);
    }
  }

  private static ModelRow map(ResultSet rs) throws SQLException {
    double seconds = rs.getDouble("training_seconds");
    Double training = rs.wasNull() ? null : seconds;
    return new ModelRow(
        rs.getLong("id"),
        rs.getString("saved_model_name"),
        rs.getString("model"),
        readMap(rs.getString("datasets")),
        rs.getString("dag_id"),
        rs.getString("run_id"),
        readMap(rs.getString("metrics")),
        rs.getString("device"),
        training,
        rs.getString("artifact_path"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static Map<String, Object> readMap(String json) throws SQLException {
    try {
      return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException("bad JSON in model_registry: " + e.getMessage(), e);
    }
  }
}
