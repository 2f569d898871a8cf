package io.aloft.graphgrid.nlp;

import io.aloft.graphgrid.registry.ModelRegistry;
import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code update_model_metadata_registry}: writes the saved model's row to the model registry in the metadata
 * ({@link ModelRegistry}, the plugin's own table) through {@link TaskContext#pluginDatabase}: model,
 * saved model name, datasets, run, the metrics {@code eval_model} measured, cpu or gpu, training seconds, artifact
 * path and time. Returns the row.
 */
public final class UpdateModelRegistryOperator implements Operator {


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
    new ModelRegistry(ctx.pluginDatabase()).add(new ModelRegistry.ModelRow(0, String.valueOf(row.get("saved_model_name")),
        request.model(), request.datasetsJson(), ctx.identity().dagId(), ctx.identity().runId(), metrics,
        String.valueOf(row.get("device")), seconds instanceof Number n ? n.doubleValue() : null,
        String.valueOf(row.get("artifact_path")), ctx.clock().instant()));
    ctx.log().info("registered " + row.get("saved_model_name") + ": f1=" + metrics.get("f1") + " (" + row.get("device") + ")");
    return row;
  }
}
