package io.aloft.runtime.api;

import io.aloft.runtime.app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.store.VariableStore.Variable;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /variables[/{variable_key}]}. */
final class VariablesResource {

  private final Application app;

  VariablesResource(Application app) {
    this.app = app;
  }

  void register(Javalin javalin, String base) {
    javalin.get(base + "/variables", this::list);
    javalin.post(base + "/variables", this::create);
    javalin.get(base + "/variables/{variable_key}", ctx -> {
      Callers.requireRead(ctx, io.aloft.runtime.app.Permission.VARIABLES);
      ctx.json(shown(variable(ctx.pathParam("variable_key"))));
    });
    javalin.patch(base + "/variables/{variable_key}", this::patch);
    javalin.delete(base + "/variables/{variable_key}", this::delete);
  }

  private void list(Context ctx) {
    Callers.requireRead(ctx, io.aloft.runtime.app.Permission.VARIABLES);
    Paging p = Paging.of(ctx, "key", Set.of("key", "id"));
    Paging byKey = p.orderBy().equals("id") ? new Paging(p.limit(), p.offset(), "key", p.descending()) : p;
    List<Map<String, Object>> all = app.variables().list().stream().map(this::shown).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("variables", byKey.page(all));
    out.put("total_entries", all.size());
    ctx.json(out);
  }

  private void create(Context ctx) {
    JsonNode body = ApiJson.body(ctx);
    String key = body.path("key").asText(null);
    if (key == null || key.isBlank() || !body.has("value")) {
      throw ApiException.badRequest("a variable needs a 'key' and a 'value'");
    }
    String value = body.get("value").isTextual() ? body.get("value").asText() : body.get("value").toString();
    app.variables().set(Callers.of(ctx), key, value, body.path("description").asText(null));
    ctx.json(shown(variable(key)));
  }

  private void patch(Context ctx) {
    String key = ctx.pathParam("variable_key");
    variable(key);
    JsonNode body = ApiJson.body(ctx);
    if (body.hasNonNull("key") && !body.get("key").asText().equals(key)) {
      throw ApiException.badRequest("Invalid post body: key from request body doesn't match uri parameter");
    }
    if (!body.has("value")) {
      throw ApiException.badRequest("the body needs a 'value'");
    }
    String value = body.get("value").isTextual() ? body.get("value").asText() : body.get("value").toString();
    app.variables().set(Callers.of(ctx), key, value, body.path("description").asText(null));
    ctx.json(shown(variable(key)));
  }

  private void delete(Context ctx) {
    String key = ctx.pathParam("variable_key");
    if (!app.variables().delete(Callers.of(ctx), key)) {
      throw ApiException.notFound("Variable not found", "Variable with key '" + key + "' not found");
    }
    ctx.status(204);
  }

  private Variable variable(String key) {
    return app.variables()
        .get(key)
        .orElseThrow(() -> ApiException.notFound("Variable not found", "Variable with key '" + key + "' not found"));
  }

  /** As Airflow's API and UI show it: the value of a variable under a sensitive key is {@code ***}. */
  private Map<String, Object> shown(Variable v) {
    Map<String, Object> m = json(v);
    if (app.variables().isSensitive(v.key())) {
      m.put("value", "***");
    }
    return m;
  }

  private static Map<String, Object> json(Variable v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", v.key());
    m.put("value", v.val());
    m.put("description", v.description());
    return m;
  }
}
