package io.aloft.runtime.web;

import static io.aloft.runtime.web.Html.esc;

import io.aloft.runtime.app.PluginExtensions;
import io.aloft.runtime.app.Users;
import io.aloft.sdk.extension.PageView;
import io.aloft.sdk.extension.PluginHttpException;
import io.aloft.sdk.extension.PluginPage;
import io.aloft.sdk.extension.PluginRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the plugins' UI pages at {@code /<path>} with their navigation entries, and renders each
 * {@link PageView} in the page frame, every value escaped. A path that a built-in page already serves is refused.
 */
final class PluginPages {

  private static final Logger LOG = LoggerFactory.getLogger(PluginPages.class);
  /** The first path segments of the built-in UI and API. */
  private static final Set<String> BUILT_IN =
      Set.of("home", "dags", "pools", "import-errors", "login", "logout", "health", "api", "static", "ui");
  private static final String[] COLORS = {"#017cee", "#e8590c", "#2f9e44", "#9c36b5", "#c2255c", "#1098ad", "#5c940d"};

  /** Where the page frame finds the plugins' navigation entries (label by href, in order). */
  static final String NAV_ATTR = "aloft.pluginNav";

  private PluginPages() {}

  /** Registers the pages; returns their navigation entries (href, label) for the page frame. */
  static List<Map.Entry<String, String>> register(Javalin javalin, PluginExtensions extensions, Users users) {
    List<Map.Entry<String, String>> nav = new ArrayList<>();
    for (PluginExtensions.Mounted<PluginPage> m : extensions.pages()) {
      PluginPage page = m.extension();
      String href = "/" + page.path();
      if (BUILT_IN.contains(page.path()) || nav.stream().anyMatch(e -> e.getKey().equals(href))) {
        LOG.warn("plugin '{}': page {} not mounted: that path is already served", m.pluginId(), href);
        continue;
      }
      nav.add(Map.entry(href, page.navLabel()));
      javalin.get(href, ctx -> render(ctx, page, users));
    }
    return List.copyOf(nav);
  }

  private static void render(Context ctx, PluginPage page, Users users) throws Exception {
    PageView view;
    try {
      view = page.handler().render(new PluginRequest(Map.of(), Map.copyOf(ctx.queryParamMap()), "",
          ctx.attribute(Auth.USER_ATTR)));
    } catch (PluginHttpException e) {
      throw new io.aloft.runtime.api.ApiException(e.status(), e.title(), e.getMessage());
    }
    StringBuilder sb = new StringBuilder("<div class=\"page-head\"><h1>").append(esc(view.title())).append("</h1></div>");
    for (PageView.Block block : view.blocks()) {
      switch (block) {
        case PageView.Heading h -> sb.append("<h2>").append(esc(h.text())).append("</h2>");
        case PageView.Paragraph p -> sb.append("<div class=\"card\"><p class=\"muted\">").append(esc(p.text()))
            .append("</p></div>");
        case PageView.Table t -> table(sb, t);
        case PageView.LineChart c -> sb.append("<div class=\"card model-plot\"><h2>").append(esc(c.title()))
            .append("</h2>").append(chart(c)).append("</div>");
      }
    }
    ctx.html(Html.page(ctx, view.title(), page.navLabel(), users.defaultPasswordInUse(), sb.toString()));
  }

  private static void table(StringBuilder sb, PageView.Table t) {
    if (t.rows().isEmpty()) {
      sb.append("<div class=\"card\"><p class=\"muted\">").append(esc(t.emptyText())).append("</p></div>");
      return;
    }
    sb.append("<div class=\"card flush\"><table class=\"table compact\"><thead><tr>");
    t.columns().forEach(c -> sb.append("<th>").append(esc(c)).append("</th>"));
    sb.append("</tr></thead><tbody>");
    for (List<Object> row : t.rows()) {
      sb.append("<tr>");
      row.forEach(v -> sb.append("<td>").append(esc(v == null ? "" : String.valueOf(v))).append("</td>"));
      sb.append("</tr>");
    }
    sb.append("</tbody></table></div>");
  }

  /** An SVG line per series over the shared x labels, y from the chart's bounds. */
  static String chart(PageView.LineChart c) {
    if (c.series().isEmpty()) {
      return "<p class=\"muted\">Nothing to plot.</p>";
    }
    int w = 560;
    int h = 220;
    int left = 40;
    int right = 12;
    int top = 10;
    int bottom = 30;
    int n = c.xLabels().size();
    double span = Math.max(1e-9, c.yMax() - c.yMin());
    double step = n <= 1 ? 0 : (double) (w - left - right) / (n - 1);
    StringBuilder sb = new StringBuilder("<svg class=\"plot\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 "
        + w + " " + h + "\">");
    for (int i = 0; i <= 4; i++) {
      double v = c.yMin() + span * i / 4.0;
      double y = top + (h - top - bottom) * (1 - (v - c.yMin()) / span);
      sb.append(String.format("<line class=\"gridline\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", left, w - right, y, y))
          .append(String.format("<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>", left - 6, y + 4, v));
    }
    for (int i = 0; i < n; i++) {
      sb.append(String.format("<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x(i, n, step, left, w, right),
          h - 10, esc(c.xLabels().get(i))));
    }
    StringBuilder legend = new StringBuilder("<div class=\"legend\">");
    int k = 0;
    for (PageView.Series s : c.series()) {
      String color = COLORS[k++ % COLORS.length];
      StringBuilder path = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (int i = 0; i < Math.min(n, s.values().size()); i++) {
        Double v = s.values().get(i);
        if (v == null) {
          continue;
        }
        double x = x(i, n, step, left, w, right);
        double y = top + (h - top - bottom) * (1 - (v - c.yMin()) / span);
        path.append(path.isEmpty() ? "M" : " L").append(String.format("%.1f,%.1f", x, y));
        dots.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s %s: %.4f</title></circle>",
            x, y, color, esc(s.name()), esc(c.xLabels().get(i)), v));
      }
      sb.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" d=\"").append(path)
          .append("\"/>").append(dots);
      legend.append("<span><i class=\"sq\" style=\"background:").append(color).append("\"></i>").append(esc(s.name()))
          .append("</span>");
    }
    return sb.append("</svg>").append(legend).append("</div>").toString();
  }

  private static double x(int i, int n, double step, int left, int w, int right) {
    return n == 1 ? (left + w - right) / 2.0 : left + i * step;
  }
}
