package io.aloft.runtime.web;

import static io.aloft.runtime.web.Html.esc;
import static io.aloft.runtime.web.Html.seg;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "Trigger DAG w/ config": a JSON editor prefilled from the DAG's params. The browser checks the JSON
 * syntax before submitting; the server checks the conf against the params and shows what is wrong next
 * to the field. A successful trigger leads to the DAG's grid.
 */
final class TriggerPage {

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
    StringBuilder sb = new StringBuilder();
    sb.append(dagPage.header(ctx, d, "trigger"));
    sb.append("<div class=\"trigger-layout\"><form class=\"card trigger-form\" method=\"post\" id=\"trigger-form\" action=\"/dags/")
        .append(seg(d.dagId())).append("/trigger\">").append(Html.csrfField(ctx))
        .append("<h2>Trigger DAG w/ config</h2>")
        .append("<label for=\"conf\">Configuration JSON</label>")
        .append("<textarea id=\"conf\" name=\"conf\" rows=\"16\" spellcheck=\"false\" class=\"json")
        .append(confError != null ? " invalid" : "").append("\">").append(esc(confText)).append("</textarea>")
        .append("<div class=\"field-error\" id=\"conf-error\"").append(confError == null ? " hidden" : "").append('>')
        .append(esc(confError == null ? "" : confError)).append("</div>")
        .append("<div class=\"row2\"><div><label for=\"run_id\">Run id <span class=\"muted\">(optional)</span></label>")
        .append("<input id=\"run_id\" name=\"run_id\" value=\"").append(esc(runId)).append("\" placeholder=\"manual__<logical date>\">")
        .append("<div class=\"field-error\" id=\"run-id-error\"").append(runError == null ? " hidden" : "").append('>')
        .append(esc(runError == null ? "" : runError)).append("</div></div>")
        .append("<div><label for=\"logical_date\">Logical date <span class=\"muted\">(optional, UTC)</span></label>")
        .append("<input id=\"logical_date\" name=\"logical_date\" type=\"datetime-local\"></div></div>")
        .append("<div class=\"form-actions\"><a class=\"btn btn-ghost\" href=\"/dags/").append(seg(d.dagId()))
        .append("/grid\">Cancel</a><button class=\"btn btn-primary\" id=\"trigger-submit\" type=\"submit\">Trigger</button></div></form>");
    sb.append("<div class=\"card params\"><h2>Params</h2>");
    if (spec.params().isEmpty()) {
      sb.append("<p class=\"muted\">This DAG declares no params; any JSON object is accepted as <code>dag_run.conf</code>.</p>");
    } else {
      sb.append("<table class=\"table compact\"><thead><tr><th>Name</th><th>Type</th><th>Default</th></tr></thead><tbody>");
      spec.params().forEach((name, p) -> {
        Object type = p.schema().get("type");
        sb.append("<tr><td><code>").append(esc(name)).append("</code>");
        if (p.description() != null) {
          sb.append("<div class=\"muted small\">").append(esc(p.description())).append("</div>");
        }
        sb.append("</td><td>").append(esc(type == null ? "any" : type)).append("</td><td><code>")
            .append(p.hasDefault() ? esc(ApiJson.write(p.defaultValue())) : "<em>required</em>").append("</code></td></tr>");
      });
      sb.append("</tbody></table>");
    }
    sb.append("</div></div>");
    ctx.status(status).html(Html.page(ctx, "Trigger " + d.dagId(), "DAGs", users.defaultPasswordInUse(), sb.toString()));
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
