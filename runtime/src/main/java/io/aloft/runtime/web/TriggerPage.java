package io.aloft.runtime.web;

import static io.aloft.runtime.web.Format.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.ParamSpec;
import io.aloft.runtime.scheduler.InvalidConfException;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DuplicateRunException;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Trigger DAG w/ config": a JSON editor prefilled from the DAG's params. The browser checks the JSON
 * syntax before submitting; the server checks the conf against the params and shows what is wrong next
 * to the field. A successful trigger leads to the DAG's grid.
 */
final class TriggerPage {

  /**
   * What {@code trigger.jte} shows: the form (posting to {@code action}) with what the user typed and the server's
   * complaints, if any, next to their fields; then the DAG's params.
   */
  record View(Frame frame, DagPage.Header header, String action, String cancelHref, String confText, String confError,
      String runId, String runError, List<Param> params) {}

  /** A declared param; {@code defaultJson} is null when the param is required. */
  record Param(String name, String description, String type, String defaultJson) {}

  private final Application app;
  private final Users users;
  private final DagPage dagPage;

  TriggerPage(Application app, Users users, DagPage dagPage) {
    this.app = app;
    this.users = users;
    this.dagPage = dagPage;
  }

  void show(Context ctx) {
    DagRow d = dagPage.dag(ctx);
    DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
    render(ctx, d, defaults(spec), "", null, null, 200);
  }

  void submit(Context ctx) {
    UiAccess.requireChange(ctx);
    DagRow d = dagPage.dag(ctx);
    String confText = ctx.formParamAsClass("conf", String.class).getOrDefault("{}");
    String runId = ctx.formParamAsClass("run_id", String.class).getOrDefault("").trim();
    String date = ctx.formParamAsClass("logical_date", String.class).getOrDefault("").trim();
    Map<String, Object> conf;
    try {
      JsonNode node = confText.isBlank() ? ApiJson.MAPPER.createObjectNode() : ApiJson.MAPPER.readTree(confText);
      if (node == null || !node.isObject()) {
        render(ctx, d, confText, runId, "The configuration must be a JSON object, like {\"key\": \"value\"}.", null, 400);
        return;
      }
      conf = ApiJson.toMap(node);
    } catch (JsonProcessingException e) {
      render(ctx, d, confText, runId, "Invalid JSON: " + e.getOriginalMessage(), null, 400);
      return;
    }
    Instant logical;
    try {
      logical = date.isEmpty() ? null : ApiJson.parseDate("logical_date", date.length() == 16 ? date + ":00Z" : date);
    } catch (RuntimeException e) {
      render(ctx, d, confText, runId, null, "The logical date is not a date: " + date, 400);
      return;
    }
    try {
      DagRunRow run = app.runs().trigger(io.aloft.runtime.api.Callers.of(ctx), d.dagId(), runId.isEmpty() ? null : runId, conf, logical);
      ctx.redirect("/dags/" + seg(d.dagId()) + "/grid?run_id=" + seg(run.runId()));
    } catch (InvalidConfException e) {
      render(ctx, d, confText, runId, e.getMessage(), null, 400);
    } catch (DuplicateRunException e) {
      render(ctx, d, confText, runId, null, "A run with the id '" + runId + "' already exists.", 409);
    } catch (IllegalArgumentException e) {
      render(ctx, d, confText, runId, null, e.getMessage(), 400);
    }
  }

  private void render(Context ctx, DagRow d, String confText, String runId, String confError, String runError, int status) {
    DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
    List<Param> params = new ArrayList<>();
    spec.params().forEach((name, p) -> {
      Object type = p.schema().get("type");
      params.add(new Param(name, p.description(), type == null ? "any" : String.valueOf(type),
          p.hasDefault() ? ApiJson.write(p.defaultValue()) : null));
    });
    DagPage.Header header = dagPage.header(ctx, d, "trigger");
    Templates.page(ctx, status, "trigger.jte", new View(dagPage.frame(ctx, "Trigger " + d.dagId()), header,
        header.base() + "/trigger", header.base() + "/grid", confText, confError, runId, runError, params));
  }

  /** The params' defaults as pretty JSON; params without a default appear as null to be filled in. */
  static String defaults(DagSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, ParamSpec> e : spec.params().entrySet()) {
      m.put(e.getKey(), e.getValue().hasDefault() ? e.getValue().defaultValue() : null);
    }
    try {
      return ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      return "{}";
    }
  }
}
