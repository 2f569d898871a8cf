package io.aloft.runtime.web;

import static io.aloft.runtime.web.Html.esc;
import static io.aloft.runtime.web.Html.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.ImportErrorRow;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /home}: every DAG with its pause switch, schedule, runs and next run; import errors on top. */
final class DagListPage {

  private static final List<String> RUN_STATES = List.of("queued", "running", "success", "failed");

  private final Application app;
  private final Users users;

  DagListPage(Application app, Users users) {
    this.app = app;
    this.users = users;
  }

  void render(Context ctx) {
    String status = ctx.queryParamAsClass("status", String.class).getOrDefault("all");
    String search = ctx.queryParamAsClass("search", String.class).getOrDefault("").trim();
    List<DagRow> dags = app.dags().listActive();
    Map<String, List<DagRunRow>> latest = app.runs().latestPerDag(1);
    Map<String, Map<String, Integer>> counts = app.runs().stateCounts();
    List<ImportErrorRow> errors = app.importErrors().list();
    long active = dags.stream().filter(d -> !d.isPaused()).count();

    StringBuilder sb = new StringBuilder(16_384);
    if (!errors.isEmpty()) {
      sb.append("<div class=\"banner banner-error\" id=\"import-errors\"><strong>")
          .append(errors.size()).append(errors.size() == 1 ? " DAG import error" : " DAG import errors")
          .append("</strong> <a href=\"/import-errors\">see all</a><ul>");
      for (ImportErrorRow e : errors.subList(0, Math.min(5, errors.size()))) {
        sb.append("<li><code>").append(esc(e.filename())).append(e.lineno() == null ? "" : ":" + e.lineno())
            .append("</code> ").append(esc(lastLine(e.message()))).append("</li>");
      }
      sb.append("</ul></div>");
    }
    sb.append("<div class=\"page-head\"><h1>DAGs</h1></div>");
    sb.append("<div class=\"toolbar\"><div class=\"filters\">");
    filter(sb, "all", "All", dags.size(), status);
    filter(sb, "active", "Active", active, status);
    filter(sb, "paused", "Paused", dags.size() - active, status);
    sb.append("</div><form method=\"get\" action=\"/home\" class=\"search\"><input type=\"hidden\" name=\"status\" value=\"")
        .append(esc(status)).append("\"><input name=\"search\" placeholder=\"Search DAGs\" value=\"").append(esc(search))
        .append("\"></form></div>");
    sb.append("<div class=\"card flush\"><table class=\"table\" id=\"dag-table\"><thead><tr><th class=\"narrow\" title=\"Pause/Unpause DAG\"></th>")
        .append("<th>DAG</th><th>Owner</th><th>Runs</th><th>Schedule</th><th>Last run</th><th>Next run</th><th class=\"narrow\">Actions</th></tr></thead><tbody>");
    int shown = 0;
    for (DagRow d : dags) {
      if ((status.equals("active") && d.isPaused()) || (status.equals("paused") && !d.isPaused())) {
        continue;
      }
      if (!search.isEmpty() && !d.dagId().toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT))) {
        continue;
      }
      shown++;
      DagSpec spec = app.dags().spec(d.dagId(), d.specHash());
      String href = "/dags/" + seg(d.dagId()) + "/grid";
      sb.append("<tr data-dag=\"").append(esc(d.dagId())).append("\"><td>").append(pauseSwitch(d)).append("</td>");
      sb.append("<td><a class=\"dag-link\" href=\"").append(href).append("\">").append(esc(d.dagId())).append("</a>");
      if (spec.description() != null && !spec.description().isBlank()) {
        sb.append("<div class=\"muted small\">").append(esc(spec.description())).append("</div>");
      }
      sb.append("<div>");
      for (String tag : spec.tags()) {
        sb.append("<span class=\"tag\">").append(esc(tag)).append("</span>");
      }
      sb.append("</div></td><td>").append(esc(spec.owner() == null ? "airflow" : spec.owner())).append("</td><td class=\"runs\">");
      Map<String, Integer> c = counts.getOrDefault(d.dagId(), Map.of());
      for (String s : RUN_STATES) {
        int n = c.getOrDefault(s, 0);
        sb.append("<a class=\"count st-").append(s).append(n == 0 ? " zero" : "").append("\" title=\"").append(s)
            .append("\" href=\"").append(href).append("\">").append(n == 0 ? "" : n).append("</a>");
      }
      sb.append("</td><td><code class=\"schedule\">").append(esc(schedule(spec.schedule()))).append("</code></td><td>");
      List<DagRunRow> last = latest.getOrDefault(d.dagId(), List.of());
      if (!last.isEmpty()) {
        DagRunRow r = last.get(0);
        sb.append("<a href=\"/dags/").append(seg(d.dagId())).append("/runs/").append(seg(r.runId())).append("\">")
            .append(Html.date(r.logicalDate())).append("</a> ").append(Html.badge(r.state().airflowName()));
      }
      sb.append("</td><td>").append(Html.date(d.nextDagrun())).append("</td><td class=\"actions\">")
          .append("<a class=\"icon-btn\" title=\"Trigger DAG w/ config\" href=\"/dags/").append(seg(d.dagId()))
          .append("/trigger\">&#9654;</a></td></tr>");
    }
    if (shown == 0) {
      sb.append("<tr><td colspan=\"8\" class=\"empty\">No DAGs")
          .append(search.isEmpty() ? ": put a DAG file into the dags folder." : " match '" + esc(search) + "'.")
          .append("</td></tr>");
    }
    sb.append("</tbody></table></div>");
    ctx.html(Html.page(ctx, "DAGs", "DAGs", users.defaultPasswordInUse(), sb.toString()));
  }

  static String pauseSwitch(DagRow d) {
    return "<label class=\"switch\" title=\"" + (d.isPaused() ? "Paused: click to unpause" : "Active: click to pause")
        + "\"><input type=\"checkbox\" class=\"pause-toggle\" data-dag=\"" + esc(d.dagId()) + "\""
        + (d.isPaused() ? "" : " checked") + "><span class=\"slider\"></span></label>";
  }

  static String schedule(Schedule s) {
    if (s == null || s.type() == null || s.type().equals("none")) {
      return "None";
    }
    if (s.expression() != null) {
      return s.expression();
    }
    return s.cron() != null ? s.cron() : s.type();
  }

  private static void filter(StringBuilder sb, String key, String label, long n, String current) {
    sb.append("<a class=\"pill").append(key.equals(current) ? " active" : "").append("\" href=\"/home?status=")
        .append(key).append("\">").append(label).append(" <span class=\"pill-n\">").append(n).append("</span></a>");
  }

  /** The line of a Python traceback that says what went wrong: its last non-blank one. */
  static String lastLine(String s) {
    if (s == null) {
      return "";
    }
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
