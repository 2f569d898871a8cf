package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.store.ModelRegistryStore.ModelRow;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aloft's extension for GraphGrid's model metadata registry: {@code /models[/{saved_model_name}]}, in the
 * same collection shape as Airflow's resources. {@code ?model=} filters by model type.
 */
final class ModelsResource {

  private final Application app;

  ModelsResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/models", this::list);
    javalin.get(base + "/models/{saved_model_name}", this::get);
  }

  private void list(Context ctx) {
    Paging p = Paging.of(ctx, "-created_at", Set.of("id", "saved_model_name", "model", "created_at", "device"));
    String model = ctx.queryParam("model");
    List<Map<String, Object>> all = app.models().list(model).stream()
        .map(ModelsResource::json)
        .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("models", p.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void get(Context ctx) {
    String name = ctx.pathParam("saved_model_name");
    ModelRow row = app.models().get(name)
        .orElseThrow(() -> ApiException.notFound("Model not found", "no saved model is named '" + name + "'"));
    ctx.json(json(row));
  }

  static Map<String, Object> json(ModelRow m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", m.id());
    j.put("saved_model_name", m.savedModelName());
    j.put("model", m.model());
    j.put("datasets", m.datasets());
    j.put("dag_id", m.dagId());
    j.put("dag_run_id", m.runId());
    j.put("metrics", m.metrics());
    j.put("device", m.device());
    j.put("training_seconds", m.trainingSeconds());
    j.put("artifact_path", m.artifactPath());
    j.put("created_at", ApiJson.date(m.createdAt()));
    return j;
  }
}
