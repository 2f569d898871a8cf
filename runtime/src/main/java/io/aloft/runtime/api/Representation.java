package io.aloft.runtime.api;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Content negotiation of the endpoints that answer either JSON or plain text (logs, DAG source, config), as
 * Airflow's do: JSON unless the client's {@code Accept} asks for {@code text/plain} ahead of (or without)
 * {@code application/json}.
 */
final class Representation {

  private Representation() {}

  static boolean wantsText(Context ctx) {
    return wantsText(ctx.header("Accept"));
  }

  /** Whether this {@code Accept} header asks for {@code text/plain} ahead of JSON. */
  static boolean wantsText(String accept) {
    if (accept == null) {
      return false;
    }
    int text = -1;
    int json = -1;
    String[] types = accept.toLowerCase(Locale.ROOT).split(",");
    for (int i = 0; i < types.length; i++) {
      String[] parts = types[i].split(";");
      if (refused(parts)) {
        continue;
      }
      String type = parts[0].trim();
      if (type.equals("text/plain") && text < 0) {
        text = i;
      } else if ((type.equals("application/json") || type.endsWith("+json")) && json < 0) {
        json = i;
      }
    }
    return text >= 0 && (json < 0 || text < json);
  }

  /** Whether a media range carries {@code q=0} (explicitly not acceptable). */
  private static boolean refused(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2)) <= 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
