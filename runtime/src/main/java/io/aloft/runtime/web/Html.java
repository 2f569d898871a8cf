package io.aloft.runtime.web;

import java.util.List;
import java.util.Map;

import io.aloft.runtime.app.Sessions;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Escaping, formatting and the page frame shared by every UI page. */
final class Html {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

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

  /** A path segment, escaped for a URL (run ids hold ':' and '+'). */
  static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String date(Instant i) {
    return i == null ? "" : DATE.format(i);
  }

  static String duration(Double seconds) {
    if (seconds == null) {
      return "";
    }
    return duration(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return String.format("%.1fs", d.toMillis() / 1000.0);
    }
    if (s < 3600) {
      return (s / 60) + "m " + (s % 60) + "s";
    }
    return (s / 3600) + "h " + (s % 3600 / 60) + "m";
  }

  /** A state badge; {@code state} null or "none" shows "no status". */
  static String badge(String state) {
    String s = state == null ? "none" : state;
    return "<span class=\"badge st-" + esc(s) + "\">" + esc(s.equals("none") ? "no status" : s) + "</span>";
  }

  /** The page frame: head, navigation, the default-password banner, then {@code body}. */
  static String page(Context ctx, String title, String active, boolean defaultPassword, String body) {
    String user = ctx.attribute(Auth.USER_ATTR);
    Sessions.Session session = ctx.attribute(Auth.SESSION_ATTR);
    String csrf = session == null ? "" : session.csrfToken();
    StringBuilder sb = new StringBuilder(body.length() + 4096);
    sb.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"csrf-token\" content=\"").append(esc(csrf)).append("\">")
        .append("<title>").append(esc(title)).append(" - Aloft</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/aloft.css\">")
        .append("<script src=\"/static/aloft.js\" defer></script></head><body>");
    sb.append("<nav class=\"topbar\"><a class=\"brand\" href=\"/home\"><span class=\"logo\">&#9651;</span> Aloft</a>");
    nav(sb, "/home", "DAGs", active);
    nav(sb, "/pools", "Pools", active);
    List<Map.Entry<String, String>> pluginNav = ctx.attribute(PluginPages.NAV_ATTR);
    if (pluginNav != null) {
      pluginNav.forEach(e -> nav(sb, e.getKey(), e.getValue(), active));
    }
    nav(sb, "/import-errors", "Import errors", active);
    sb.append("<span class=\"spacer\"></span>");
    if (user != null) {
      sb.append("<span class=\"who\">").append(esc(user)).append("</span>")
          .append("<form method=\"post\" action=\"/logout\" class=\"inline\">")
          .append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(esc(csrf)).append("\">")
          .append("<button type=\"submit\" class=\"btn btn-ghost\" id=\"logout\">Log out</button></form>");
    }
    sb.append("</nav>");
    if (defaultPassword) {
      sb.append("<div class=\"banner banner-warn\" id=\"default-password-warning\"><strong>Default password in use.</strong> ")
          .append("The user <code>airflow</code> still has the password <code>airflow</code>: run ")
          .append("<code>./aloft passwords generate</code> and read the new one from <code>&lt;home&gt;/env/airflow.env</code>.</div>");
    }
    sb.append("<main>").append(body).append("</main></body></html>");
    return sb.toString();
  }

  private static void nav(StringBuilder sb, String href, String label, String active) {
    sb.append("<a class=\"nav").append(label.equals(active) ? " active" : "").append("\" href=\"").append(href)
        .append("\">").append(esc(label)).append("</a>");
  }

  static String csrfField(Context ctx) {
    Sessions.Session s = ctx.attribute(Auth.SESSION_ATTR);
    return "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(s == null ? "" : s.csrfToken()) + "\">";
  }
}
