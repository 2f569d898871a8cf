package io.aloft.runtime.web;

import static io.aloft.runtime.web.Html.esc;
import static io.aloft.runtime.web.Html.seg;

import io.aloft.runtime.app.Application;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.api.ApiException;
import io.aloft.runtime.api.ApiJson;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One run: its task instances, a Gantt chart, and the log of each try (tailed while it runs). */
final class RunPage {

  private final Application app;
  private final Users users;
  private final DagPage dagPage;
  private final Clock clock;

  RunPage(Application app, Users users, DagPage dagPage, Clock clock) {
    this.app = app;
    this.users = users;
    this.dagPage = dagPage;
    this.clock = clock;
  }

  void render(Context ctx) {
    DagRow d = dagPage.dag(ctx);
    String runId = ctx.pathParam("run_id");
    DagRunRow run =
        app.runs().get(d.dagId(), runId)
            .orElseThrow(() -> ApiException.notFound("DAG run not found", "DAG '" + d.dagId() + "' has no run '" + runId + "'."));
    DagSpec spec = app.dags().spec(d.dagId(), run.specHash());
    Map<String, Integer> order = new HashMap<>();
    List<String> ids = GraphLayout.of(spec).order();
    for (int i = 0; i < ids.size(); i++) {
      order.put(ids.get(i), i);
    }
    List<TaskInstanceRow> tis = new ArrayList<>(app.taskInstances().listForRun(d.dagId(), runId));
    tis.sort(Comparator.comparingInt((TaskInstanceRow t) -> order.getOrDefault(t.taskId(), Integer.MAX_VALUE))
        .thenComparingInt(TaskInstanceRow::mapIndex));
    String selected = ctx.queryParam("task");
    String base = "/dags/" + seg(d.dagId()) + "/runs/" + seg(runId);

    StringBuilder sb = new StringBuilder(16_384);
    sb.append(dagPage.header(ctx, d, "run"));
    sb.append("<div class=\"card run-head\" id=\"run\" data-dag=\"").append(esc(d.dagId())).append("\" data-run=\"")
        .append(esc(runId)).append("\" data-run-state=\"").append(run.state().airflowName()).append("\">")
        .append("<div class=\"run-title\"><h2>Run <code>").append(esc(runId)).append("</code></h2>")
        .append("<span id=\"run-state\">").append(Html.badge(run.state().airflowName())).append("</span></div>")
        .append("<dl class=\"facts\">");
    fact(sb, "Logical date", Html.date(run.logicalDate()));
    fact(sb, "Run type", run.runType());
    fact(sb, "Queued at", Html.date(run.queuedAt()));
    fact(sb, "Started", Html.date(run.startDate()));
    fact(sb, "Ended", Html.date(run.endDate()));
    Instant end = run.endDate() != null ? run.endDate() : clock.instant();
    fact(sb, "Duration", run.startDate() == null ? "" : Html.duration(Duration.between(run.startDate(), end)));
    sb.append("</dl><details><summary>Configuration (<code>dag_run.conf</code>)</summary><pre class=\"json-view\">")
        .append(esc(prettyJson(run.conf()))).append("</pre></details>");
    if (run.note() != null) {
      sb.append("<p class=\"note\">").append(esc(run.note())).append("</p>");
    }
    sb.append("</div>");

    sb.append("<div class=\"card flush\"><table class=\"table compact\" id=\"task-table\"><thead><tr>")
        .append("<th>Task</th><th>State</th><th>Try</th><th>Started</th><th>Duration</th><th>Pool</th><th></th></tr></thead><tbody>");
    for (TaskInstanceRow t : tis) {
      String label = t.taskId() + (t.mapIndex() >= 0 ? " [" + t.mapIndex() + "]" : "");
      sb.append("<tr data-ti=\"").append(esc(t.taskId())).append("\"").append(t.taskId().equals(selected) ? " class=\"selected\"" : "")
          .append("><td><a href=\"").append(base).append("?task=").append(seg(t.taskId())).append("#log\">")
          .append(esc(label)).append("</a><div class=\"muted small\">").append(esc(t.operator())).append("</div>");
      if (t.note() != null) {
        sb.append("<div class=\"note small\">").append(esc(t.note())).append("</div>");
      }
      sb.append("</td><td class=\"ti-state\">").append(Html.badge(t.state().dbName())).append("</td><td class=\"ti-try\">")
          .append(t.tryNumber()).append('/').append(t.maxTries() + 1).append("</td><td>").append(Html.date(t.startDate()))
          .append("</td><td>").append(Html.duration(t.duration())).append("</td><td>").append(esc(t.pool()))
          .append("</td><td><a class=\"btn btn-small\" href=\"").append(base).append("?task=").append(seg(t.taskId()))
          .append("#log\">Log</a></td></tr>");
    }
    sb.append("</tbody></table></div>");
    sb.append("<div class=\"card gantt-card\"><h2>Gantt</h2>").append(gantt(tis, run)).append("</div>");

    if (selected != null) {
      TaskInstanceRow ti = tis.stream().filter(t -> t.taskId().equals(selected)).findFirst().orElse(null);
      sb.append("<div class=\"card\" id=\"log\"><h2>Log of <code>").append(esc(selected)).append("</code></h2>");
      if (ti == null) {
        sb.append("<p class=\"muted\">This run has no task '").append(esc(selected)).append("'.</p>");
      } else if (ti.tryNumber() == 0) {
        sb.append("<p class=\"muted\" id=\"no-log\">The task has not started yet: no log.</p>");
      } else {
        int shown = Math.max(1, Math.min(ti.tryNumber(), ctx.queryParamAsClass("try", Integer.class).getOrDefault(ti.tryNumber())));
        sb.append("<div class=\"tabs small-tabs\">");
        for (int i = 1; i <= ti.tryNumber(); i++) {
          sb.append("<a class=\"tab").append(i == shown ? " active" : "").append("\" href=\"").append(base).append("?task=")
              .append(seg(selected)).append("&try=").append(i).append("#log\">Try ").append(i).append("</a>");
        }
        sb.append("</div><pre class=\"log\" id=\"log-content\" data-url=\"/api/v1/dags/").append(seg(d.dagId()))
            .append("/dagRuns/").append(seg(runId)).append("/taskInstances/").append(seg(selected)).append("/logs/")
            .append(shown).append(ti.mapIndex() >= 0 ? "?map_index=" + ti.mapIndex() : "").append("\"></pre>")
            .append("<div class=\"muted small\" id=\"log-status\"></div>");
      }
      sb.append("</div>");
    }
    ctx.html(Html.page(ctx, runId, "DAGs", users.defaultPasswordInUse(), sb.toString()));
  }

  private static void fact(StringBuilder sb, String k, String v) {
    sb.append("<div><dt>").append(esc(k)).append("</dt><dd>").append(v == null || v.isEmpty() ? "\u2014" : esc(v)).append("</dd></div>");
  }

  private String gantt(List<TaskInstanceRow> tis, DagRunRow run) {
    Instant now = clock.instant();
    Instant start = tis.stream().map(TaskInstanceRow::startDate).filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(null);
    if (start == null) {
      return "<p class=\"muted\">No task has started yet.</p>";
    }
    Instant end = tis.stream().map(t -> t.endDate() != null ? t.endDate() : t.startDate() != null ? now : null)
        .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(now);
    double total = Math.max(1, Duration.between(start, end).toMillis());
    int labelW = 250;
    int barW = 1000;
    int rowH = 22;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg class=\"gantt\" id=\"gantt\" width=\"").append(labelW + barW + 10).append("\" height=\"")
        .append(tis.size() * rowH + 24).append("\">");
    int y = 0;
    for (TaskInstanceRow t : tis) {
      sb.append("<text x=\"0\" y=\"").append(y + 15).append("\" class=\"gantt-label\">").append(esc(clip(t.taskId(), 34))).append("</text>");
      if (t.startDate() != null) {
        Instant e = t.endDate() != null ? t.endDate() : now;
        double x = labelW + barW * Duration.between(start, t.startDate()).toMillis() / total;
        double w = Math.max(2, barW * Duration.between(t.startDate(), e).toMillis() / total);
        sb.append("<rect class=\"st-").append(t.state().dbName()).append("\" x=\"").append(String.format("%.1f", x))
            .append("\" y=\"").append(y + 4).append("\" width=\"").append(String.format("%.1f", w))
            .append("\" height=\"14\" rx=\"3\"><title>").append(esc(t.taskId())).append(": ")
            .append(esc(Html.duration(Duration.between(t.startDate(), e)))).append("</title></rect>");
      }
      y += rowH;
    }
    sb.append("<text x=\"").append(labelW).append("\" y=\"").append(y + 16).append("\" class=\"gantt-axis\">")
        .append(Html.date(start)).append("</text><text x=\"").append(labelW + barW).append("\" y=\"").append(y + 16)
        .append("\" class=\"gantt-axis\" text-anchor=\"end\">+").append(esc(Html.duration(Duration.ofMillis((long) total))))
        .append("</text></svg>");
    return sb.toString();
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
  }

  private static String prettyJson(Object o) {
    try {
      return ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    } catch (Exception e) {
      return String.valueOf(o);
    }
  }
}
