package io.aloft.runtime.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;

/**
 * Hand escaping for {@link ModelsPage}, the one page not yet on templates: it moves into the GraphGrid plugin as a
 * plugin page view (issue 10, item 4), rendered by {@link PluginPageView}, and this class goes with it. New pages use a
 * template ({@link Templates}).
 */
final class Html {

  private Html() {}

  static String esc(Object o) {
    if (o == null) {
      return "";
    }
    String s = o.toString();
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String seg(String s) {
    return Format.seg(s);
  }

  static String date(Instant i) {
    return Format.date(i);
  }

  static String duration(Double seconds) {
    return Format.duration(seconds);
  }

  /** The page frame ({@code layout.jte}) around {@code body}, HTML that the caller escaped. */
  static String page(Context ctx, String title, String active, boolean defaultPassword, String body) {
    gg.jte.Content content = output -> output.writeContent(body);
    return Templates.render("layout.jte", Map.of("frame", Frame.of(ctx, title, active, defaultPassword), "content", content));
  }
}
