package io.aloft.runtime.web;

import io.aloft.runtime.model.Schedule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the UI writes dates, durations, schedules and URL path segments. Plain text: the templates escape it when they
 * write it into a page.
 */
final class Format {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Format() {}

  /** A path segment, escaped for a URL (run ids hold ':' and '+'). */
  static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** UTC, to the second; empty for null. */
  static String date(Instant i) {
    return i == null ? "" : DATE.format(i);
  }

  static String duration(Double seconds) {
    if (seconds == null) {
      return "";
    }
    return duration(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  /** "4.2s", "3m 5s", "2h 10m". */
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

  /** A schedule as Airflow's UI shows it: the cron or timedelta expression, or "None". */
  static String schedule(Schedule s) {
    if (s == null || s.type() == null || s.type().equals("none")) {
      return "None";
    }
    if (s.expression() != null) {
      return s.expression();
    }
    return s.cron() != null ? s.cron() : s.type();
  }

  /** The line of a Python traceback that says what went wrong: its last non-blank one. */
  static String lastLine(String s) {
    if (s == null || s.isBlank()) {
      return "";
    }
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
