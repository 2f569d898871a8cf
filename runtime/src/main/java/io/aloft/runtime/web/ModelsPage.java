package io.aloft.runtime.web;

import static io.aloft.runtime.web.Html.esc;
import static io.aloft.runtime.web.Html.seg;

import io.aloft.runtime.app.Models;
import io.aloft.runtime.app.Users;
import io.aloft.runtime.store.ModelRegistryStore.ModelRow;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /models}: GraphGrid's model metadata registry. Per model type, a plot of each evaluation score
 * (the metrics between 0 and 1: f1, precision, recall, accuracy ...) across its saved versions, oldest
 * left; then every saved model.
 */
final class ModelsPage {

  private static final String[] COLORS = {"#017cee", "#e8590c", "#2f9e44", "#9c36b5", "#c2255c", "#1098ad", "#5c940d"};

  private final Models registry;
  private final Users users;

  ModelsPage(Models registry, Users users) {
    this.registry = registry;
    this.users = users;
  }

  void render(Context ctx) {
    List<ModelRow> rows = registry.list(null);
    StringBuilder sb = new StringBuilder("<div class=\"page-head\"><h1>Models</h1></div>");
    if (rows.isEmpty()) {
      sb.append("<div class=\"card\"><p class=\"muted\" id=\"no-models\">No saved models yet: a successful run of ")
          .append("<a href=\"/dags/nlp_model_training/grid\">nlp_model_training</a> registers one.</p></div>");
    }
    Map<String, List<ModelRow>> byModel = new TreeMap<>();
    for (int i = rows.size() - 1; i >= 0; i--) {
      byModel.computeIfAbsent(rows.get(i).model(), k -> new ArrayList<>()).add(rows.get(i));
    }
    sb.append("<div class=\"model-plots\">");
    byModel.forEach((model, versions) -> sb.append("<div class=\"card model-plot\"><h2>").append(esc(model))
        .append(" <span class=\"muted small\">").append(versions.size()).append(versions.size() == 1 ? " version" : " versions")
        .append("</span></h2>").append(plot(versions)).append("</div>"));
    sb.append("</div>");
    if (!rows.isEmpty()) {
      sb.append("<div class=\"card flush\"><table class=\"table compact\" id=\"model-table\"><thead><tr><th>Saved model</th><th>Model</th>")
          .append("<th>Device</th><th>Metrics</th><th>Training</th><th>Run</th><th>Saved</th></tr></thead><tbody>");
      for (ModelRow m : rows) {
        sb.append("<tr><td><code>").append(esc(m.savedModelName())).append("</code><div class=\"muted small\">")
            .append(esc(m.artifactPath())).append("</div></td><td>").append(esc(m.model())).append("</td><td>")
            .append("<span class=\"tag\">").append(esc(m.device())).append("</span></td><td class=\"metrics\">");
        m.metrics().forEach((k, v) -> {
          if (v instanceof Number n) {
            sb.append("<span class=\"metric\">").append(esc(k)).append(" <strong>")
                .append(String.format("%.3f", n.doubleValue())).append("</strong></span> ");
          }
        });
        sb.append("</td><td>").append(Html.duration(m.trainingSeconds())).append("</td><td><a href=\"/dags/")
            .append(seg(m.dagId())).append("/runs/").append(seg(m.runId())).append("\">").append(esc(m.runId()))
            .append("</a></td><td>").append(Html.date(m.createdAt())).append("</td></tr>");
      }
      sb.append("</tbody></table></div>");
    }
    ctx.html(Html.page(ctx, "Models", "Models", users.defaultPasswordInUse(), sb.toString()));
  }

  /** A line per score metric, x = saved version (oldest first), y = 0..1. */
  static String plot(List<ModelRow> versions) {
    // scores only: a metric is plotted when every value it has is a number from 0 to 1 (so not a loss)
    Set<String> metrics = new LinkedHashSet<>();
    Set<String> excluded = new java.util.HashSet<>();
    for (ModelRow m : versions) {
      m.metrics().forEach((k, v) -> {
        if (v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
          metrics.add(k);
        } else {
          excluded.add(k);
        }
      });
    }
    metrics.removeAll(excluded);
    if (metrics.isEmpty()) {
      return "<p class=\"muted\">No scores between 0 and 1 to plot.</p>";
    }
    int w = 560;
    int h = 220;
    int left = 40;
    int right = 12;
    int top = 10;
    int bottom = 30;
    int n = versions.size();
    // the y axis starts a little under the lowest score, in tenths, so that small gains stay visible
    double min = versions.stream().flatMap(m -> metrics.stream().map(k -> m.metrics().get(k)))
        .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).min().orElse(0);
    double lo = Math.max(0, Math.floor((min - 0.05) * 10) / 10);
    double span = 1 - lo;
    double step = n == 1 ? 0 : (double) (w - left - right) / (n - 1);
    StringBuilder sb = new StringBuilder();
    sb.append("<svg class=\"plot\" width=\"").append(w).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ")
        .append(w).append(' ').append(h).append("\">");
    for (int i = 0; i <= 4; i++) {
      double v = lo + span * i / 4.0;
      double y = top + (h - top - bottom) * (1 - (v - lo) / span);
      sb.append(String.format("<line class=\"gridline\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", left, w - right, y, y))
          .append(String.format("<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>", left - 6, y + 4, v));
    }
    for (int i = 0; i < n; i++) {
      double x = n == 1 ? (left + w - right) / 2.0 : left + i * step;
      sb.append(String.format("<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">v%d</text>", x, h - 10, i + 1));
    }
    int c = 0;
    Map<String, String> legend = new LinkedHashMap<>();
    for (String metric : metrics) {
      String color = COLORS[c++ % COLORS.length];
      legend.put(metric, color);
      StringBuilder path = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (int i = 0; i < n; i++) {
        Object v = versions.get(i).metrics().get(metric);
        if (!(v instanceof Number num)) {
          continue;
        }
        double x = n == 1 ? (left + w - right) / 2.0 : left + i * step;
        double y = top + (h - top - bottom) * (1 - (num.doubleValue() - lo) / span);
        path.append(path.length() == 0 ? "M" : " L").append(String.format("%.1f,%.1f", x, y));
        dots.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s v%d: %.4f (%s)</title></circle>",
            x, y, color, esc(metric), i + 1, num.doubleValue(), esc(versions.get(i).savedModelName())));
      }
      sb.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" d=\"").append(path).append("\"/>")
          .append(dots);
    }
    sb.append("</svg><div class=\"legend\">");
    legend.forEach((k, color) -> sb.append("<span><i class=\"sq\" style=\"background:").append(color).append("\"></i>")
        .append(esc(k)).append("</span>"));
    return sb.append("</div>").toString();
  }
}
