package io.aloft.runtime.web;

import io.aloft.runtime.api.ApiJson;
import io.aloft.sdk.extension.PageView;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a plugin's {@link PageView} in the UI's frame with one generic template ({@code pluginPage.jte}): headings,
 * paragraphs, tables (every cell shown as text) and line charts (drawn by Chart.js from escaped JSON). A plugin never
 * writes HTML, so whatever its values hold they stay text. Stateless and thread-safe.
 */
public final class PluginPageView {

  /** What {@code pluginPage.jte} shows. */
  record View(Frame frame, PageView page) {}

  private PluginPageView() {}

  /**
   * Answers {@code ctx} with {@code view} as a page whose navigation entry {@code navLabel} is highlighted.
   *
   * @param defaultPasswordInUse shows the default-password banner ({@code Users.defaultPasswordInUse()})
   */
  public static void render(Context ctx, String navLabel, PageView view, boolean defaultPasswordInUse) {
    Templates.page(ctx, 200, "pluginPage.jte", new View(
        Frame.of(ctx, view.title(), navLabel, defaultPasswordInUse, Assets.CHART_JS), view));
  }

  /** A line chart's data for {@code aloft.js}: labels, series (name and values, null for a gap) and the y bounds. */
  static String chartJson(PageView.LineChart chart) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("labels", chart.xLabels());
    m.put("series", chart.series().stream().map(s -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", s.name());
      one.put("values", s.values());
      return one;
    }).toList());
    m.put("yMin", chart.yMin());
    m.put("yMax", chart.yMax());
    return ApiJson.write(m);
  }

  /** A table cell as text; null is empty. */
  static String cell(Object value) {
    return value == null ? "" : String.valueOf(value);
  }
}
