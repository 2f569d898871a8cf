package io.aloft.graphgrid.nlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code update_model_metadata_registry}: writes the saved model's row to the model registry in the metadata
 * database ({@code model_registry}, the runtime's migration V3) through {@link TaskContext#inDatabase}: model,
 * saved model name, datasets, run, the metrics {@code eval_model} measured, cpu or gpu, training seconds, artifact
 * path and time. Returns the row.
 */
public final class UpdateModelRegistryOperator implements Operator {

  static final String INSERT = "INSERT INTO model_registry (saved_model_name, model, datasets, dag_id, run_id, metrics,"
      + " device, training_seconds, artifact_path, created_at) VALUES (?, ?, CAST(? AS JSONB), ?, ?, CAST(? AS JSONB), ?,"
      + " ?, ?, ?) ON CONFLICT (saved_model_name) DO UPDATE SET metrics = EXCLUDED.metrics";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Object execute(TaskContext ctx) throws Exception {
    RequestBody request = NlpSteps.request(ctx);
    Map<String, Object> saved = NlpSteps.jsonXCom(ctx, NlpSteps.SAVE_TASK);
    if (saved.isEmpty()) {
      throw new TaskFailException("no saved model: " + NlpSteps.SAVE_TASK + " must succeed first");
    }
    Map<String, Object> metrics = new LinkedHashMap<>(NlpSteps.jsonXCom(ctx, NlpSteps.EVAL_TASK));
    if (metrics.isEmpty()) {
      throw new TaskFailException("no metrics: " + NlpSteps.EVAL_TASK + " must succeed first");
    }
    metrics.remove("artifact"); // the path inside the container; the row has the stored one
    Object seconds = saved.get("training_seconds");
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("saved_model_name", saved.get("saved_model_name"));
    row.put("model", request.model());
    row.put("datasets", request.datasetsJson());
    row.put("run_id", ctx.identity().runId());
    row.put("metrics", metrics);
    row.put("device", saved.getOrDefault("device", "cpu"));
    row.put("training_seconds", seconds);
    row.put("artifact_path", saved.get("artifact_path"));
    row.put("created_at", ctx.clock().instant().toString());
    ctx.inDatabase(c -> {
      try (PreparedStatement st = c.prepareStatement(INSERT)) {
        st.setString(1, String.valueOf(row.get("saved_model_name")));
        st.setString(2, request.model());
        st.setString(3, JSON.writeValueAsString(row.get("datasets")));
        st.setString(4, ctx.identity().dagId());
        st.setString(5, ctx.identity().runId());
        st.setString(6, JSON.writeValueAsString(metrics));
        st.setString(7, String.valueOf(row.get("device")));
        if (seconds instanceof Number n) {
          st.setDouble(8, n.doubleValue());
        } else {
          st.setNull(8, Types.DOUBLE);
        }
        st.setString(9, String.valueOf(row.get("artifact_path")));
        st.setTimestamp(10, Timestamp.from(ctx.clock().instant()));
        return st.executeUpdate();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new java.sql.SQLException("metrics are not JSON: " + e.getMessage(), e);
      }
    });
    ctx.log().info("registered " + row.get("saved_model_name") + ": f1=" + metrics.get("f1") + " (" + row.get("device") + ")");
    return row;
  }
}
