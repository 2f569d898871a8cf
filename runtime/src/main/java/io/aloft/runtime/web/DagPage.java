package io.aloft.runtime.web;

import static io.aloft.runtime.web.Html.esc;
import static io.aloft.runtime.web.Html.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A DAG's pages: grid, graph and code, under a common header with the trigger menu. */
final class DagPage {

  private final Application app;
  private final Users users;

  DagPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  DagRow dag(Context ctx) {
    String id = ctx.pathParam("dag_id");
    return app.dags().get(id).orElseThrow(() -> ApiException.notFound("DAG not found", "There is no DAG '" + id + "'."));
  }

  void grid(Context ctx) {
    DagRow d = dag(ctx);
    int numRuns = Math.max(1, Math.min(1000, ctx.queryParamAsClass("num_runs", Integer.class).getOrDefault(25)));
    StringBuilder sb = new StringBuilder();
    sb.append(header(ctx, d, "grid"));
    sb.append("<div class=\"toolbar\"><label class=\"muted\">Runs <select id=\"num-runs\">");
    for (int n : new int[] {25, 50, 100, 365, 1000}) {
      sb.append("<option").append(n == numRuns ? " selected" : "").append('>').append(n).append("</option>");
    }
    sb.append("</select></label>").append(legend()).append("</div>");
    sb.append("<div class=\"card grid-card\"><div id=\"grid\" data-dag=\"").append(esc(d.dagId()))
        .append("\" data-num-runs=\"").append(numRuns).append("\"><div class=\"muted\">Loading the grid\u2026</div></div></div>");
    ctx.html(Html.page(ctx, d.dagId(), "DAGs", users.defaultPasswordInUse(), sb.toString()));
  }

  void graph(Context ctx) {
    DagRow d = dag(ctx);
    DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
    List<DagRunRow> runs = app.runs().list(d.dagId(), 25, 0);
    String runId = ctx.queryParam("run_id");
    DagRunRow run =
        runs.stream().filter(r -> r.runId().equals(runId)).findFirst().orElse(runs.isEmpty() ? null : runs.get(0));
    Map<String, String> states = new HashMap<>();
    if (run != null) {
      for (TaskInstanceRow t : app.taskInstances().listForRun(d.dagId(), run.runId())) {
        states.putIfAbsent(t.taskId(), t.state().dbName());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(header(ctx, d, "graph"));
    sb.append("<div class=\"toolbar\"><form method=\"get\" class=\"inline\"><label class=\"muted\">Run <select name=\"run_id\" id=\"graph-run\" class=\"autosubmit\">");
    if (runs.isEmpty()) {
      sb.append("<option>no runs yet</option>");
    }
    for (DagRunRow r : runs) {
      sb.append("<option value=\"").append(esc(r.runId())).append('"').append(r == run ? " selected" : "").append('>')
          .append(esc(r.runId())).append(" (").append(esc(r.state().airflowName())).append(")</option>");
    }
    GraphLayout layout = GraphLayout.of(spec, ctx.queryParam("orientation"));
    String orientation = layout.topDown() ? "TB" : "LR";
    sb.append("</select></label><input type=\"hidden\" name=\"orientation\" value=\"").append(orientation).append("\"></form>");
    sb.append("<span class=\"orient\">");
    for (String o : List.of("LR", "TB")) {
      sb.append("<a class=\"pill").append(o.equals(orientation) ? " active" : "").append("\" id=\"orient-").append(o)
          .append("\" href=\"?orientation=").append(o).append(run == null ? "" : "&run_id=" + seg(run.runId())).append("\">")
          .append(o.equals("LR") ? "Left \u2192 right" : "Top \u2193 down").append("</a>");
    }
    sb.append("</span>").append(legend()).append("</div>");
    String base = "/dags/" + seg(d.dagId());
    sb.append("<div class=\"card graph-card\"");
    if (run != null) {
      sb.append(" data-dag=\"").append(esc(d.dagId())).append("\" data-run=\"").append(esc(run.runId()))
          .append("\" data-run-state=\"").append(run.state().airflowName()).append('"');
    }
    sb.append(" id=\"graph\">")
        .append(layout.svg(states, t -> run == null ? base + "/graph" : base + "/runs/" + seg(run.runId()) + "?task=" + seg(t) + "#log"))
        .append("</div>");
    ctx.html(Html.page(ctx, d.dagId() + " graph", "DAGs", users.defaultPasswordInUse(), sb.toString()));
  }

  void code(Context ctx) {
    DagRow d = dag(ctx);
    String source = app.dags().code(d.fileloc()).orElse("# the source of " + d.fileloc() + " is not stored yet");
    StringBuilder sb = new StringBuilder();
    sb.append(header(ctx, d, "code"));
    sb.append("<div class=\"card flush\"><div class=\"code-head\"><code>").append(esc(d.fileloc()))
        .append("</code></div><table class=\"code\" id=\"code\"><tbody>");
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      sb.append("<tr><td class=\"ln\">").append(i + 1).append("</td><td><pre>").append(esc(lines[i])).append("</pre></td></tr>");
    }
    sb.append("</tbody></table></div>");
    ctx.html(Html.page(ctx, d.dagId() + " code", "DAGs", users.defaultPasswordInUse(), sb.toString()));
  }

  /** Title, pause switch, schedule facts, the trigger menu and the tabs. */
  String header(Context ctx, DagRow d, String tab) {
    DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
    String base = "/dags/" + seg(d.dagId());
    StringBuilder sb = new StringBuilder();
    sb.append("<div class=\"crumbs\"><a href=\"/home\">DAGs</a> / ").append(esc(d.dagId())).append("</div>");
    sb.append("<div class=\"page-head\"><div class=\"title-row\">").append(DagListPage.pauseSwitch(d))
        .append("<h1><span class=\"muted\">DAG:</span> <span id=\"dag-id\">").append(esc(d.dagId())).append("</span></h1>");
    for (String tag : spec.tags()) {
      sb.append("<span class=\"tag\">").append(esc(tag)).append("</span>");
    }
    sb.append("</div><div class=\"head-actions\"><span class=\"fact\">Schedule: <code>")
        .append(esc(DagListPage.schedule(spec.schedule()))).append("</code></span>");
    if (d.nextDagrun() != null) {
      sb.append("<span class=\"fact\">Next run: ").append(Html.date(d.nextDagrun())).append("</span>");
    }
    sb.append("<details class=\"menu\" id=\"trigger-menu\"><summary class=\"btn btn-primary\" title=\"Trigger DAG\">&#9654;</summary><div class=\"menu-items\">")
        .append("<form method=\"post\" action=\"").append(base).append("/trigger\">").append(Html.csrfField(ctx))
        .append("<input type=\"hidden\" name=\"conf\" value=\"{}\"><button type=\"submit\" class=\"menu-item\">Trigger DAG</button></form>")
        .append("<a class=\"menu-item\" id=\"trigger-with-config\" href=\"").append(base).append("/trigger\">Trigger DAG w/ config</a>")
        .append("</div></details></div></div>");
    if (spec.description() != null && !spec.description().isBlank()) {
      sb.append("<p class=\"muted\">").append(esc(spec.description())).append("</p>");
    }
    sb.append("<div class=\"tabs\">");
    tab(sb, base + "/grid", "Grid", tab.equals("grid"));
    tab(sb, base + "/graph", "Graph", tab.equals("graph"));
    tab(sb, base + "/code", "Code", tab.equals("code"));
    if (tab.equals("trigger")) {
      tab(sb, base + "/trigger", "Trigger", true);
    }
    sb.append("</div>");
    return sb.toString();
  }

  private static void tab(StringBuilder sb, String href, String label, boolean active) {
    sb.append("<a class=\"tab").append(active ? " active" : "").append("\" id=\"tab-").append(label.toLowerCase())
        .append("\" href=\"").append(href).append("\">").append(label).append("</a>");
  }

  static String legend() {
    StringBuilder sb = new StringBuilder("<div class=\"legend\">");
    for (String s : List.of("queued", "running", "success", "failed", "up_for_retry", "up_for_reschedule",
        "upstream_failed", "skipped", "scheduled", "none")) {
      sb.append("<span><i class=\"sq st-").append(s).append("\"></i>").append(s.equals("none") ? "no status" : s).append("</span>");
    }
    return sb.append("</div>").toString();
  }
}
