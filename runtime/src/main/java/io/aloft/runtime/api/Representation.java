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
    String accept = ctx.header("Accept");
    if (accept == null) {
      return false;
    }
    int text = -1;
    int json = -1;
    String[] types = accept.toLowerCase(Locale.ROOT).split(",");
    for (int i = 0; i < types.length; i++) {
      String type = types[i].split(";", 2)[0].trim();
      if (types[i].replace(" ", "").contains(";q=0") && !types[i].matches(".*;\\s*q=0\\.\\d*[1-9].*")) {
        continue; // q=0: explicitly not acceptable
      }
      if (type.equals("text/plain") && text < 0) {
        text = i;
      } else if ((type.equals("application/json") || type.endsWith("+json")) && json < 0) {
        json = i;
      }
    }
    return text >= 0 && (json < 0 || text < json);
  }
}
