package io.aloft.runtime.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * GraphGrid's model metadata registry ({@code model_registry}, migration V3): one row per saved model. The
 * graphgrid plugin writes rows from its {@code update_model_metadata_registry} task through
 * {@code TaskContext.inDatabase}; this store reads them for {@code aloft models list} and writes them in tests.
 */
public final class ModelRegistryStore {

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

  private final Jdbi jdbi;

  public ModelRegistryStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Every saved model, newest first; {@code model} null for all models. */
  public List<ModelRow> list(String model) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM model_registry WHERE (CAST(:m AS TEXT) IS NULL OR model = :m) ORDER BY created_at DESC, id DESC")
        .bind("m", model)
        .map(ModelRegistryStore::map)
        .list());
  }

  /** Adds a row (the plugin writes the same columns). */
  public void add(ModelRow row) {
    jdbi.useHandle(h -> h.createUpdate(
            "INSERT INTO model_registry (saved_model_name, model, datasets, dag_id, run_id, metrics, device,"
                + " training_seconds, artifact_path, created_at) VALUES (:name, :model, CAST(:datasets AS JSONB), :dag,"
                + " :run, CAST(:metrics AS JSONB), :device, :seconds, :artifact, :at)")
        .bind("name", row.savedModelName())
        .bind("model", row.model())
        .bind("datasets", Json.write(row.datasets()))
        .bind("dag", row.dagId())
        .bind("run", row.runId())
        .bind("metrics", Json.write(row.metrics()))
        .bind("device", row.device())
        .bind("seconds", row.trainingSeconds())
        .bind("artifact", row.artifactPath())
        .bind("at", Timestamp.from(row.createdAt()))
        .execute());
  }

  private static ModelRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    double seconds = rs.getDouble("training_seconds");
    return new ModelRow(
        rs.getLong("id"),
        rs.getString("saved_model_name"),
        rs.getString("model"),
        Json.readMap(rs.getString("datasets")),
        rs.getString("dag_id"),
        rs.getString("run_id"),
        Json.readMap(rs.getString("metrics")),
        rs.getString("device"),
        rs.wasNull() ? null : seconds,
        rs.getString("artifact_path"),
        rs.getTimestamp("created_at").toInstant());
  }
}
