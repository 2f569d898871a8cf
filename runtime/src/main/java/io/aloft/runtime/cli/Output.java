package io.aloft.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a list of rows as Airflow's CLI does with {@code -o table|json|plain}: JSON is a list of
 * objects whose field names follow Airflow's REST API.
 */
final class Output {

  enum Format {
    table,
    json,
    plain
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Output() {}

  static void print(PrintWriter out, Format format, List<String> columns, List<Map<String, Object>> rows) {
    switch (format) {
      case json -> {
        try {
          out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      case plain -> {
        for (Map<String, Object> r : rows) {
          List<String> cells = new ArrayList<>();
          columns.forEach(c -> cells.add(text(r.get(c))));
          out.println(String.join("\t", cells));
        }
      }
      case table -> table(out, columns, rows);
    }
    out.flush();
  }

  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      m.put((String) kv[i], v instanceof Instant t ? t.toString() : v);
    }
    return m;
  }

  private static void table(PrintWriter out, List<String> columns, List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      out.println("No data found");
      return;
    }
    int[] w = new int[columns.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = columns.get(i).length();
      for (Map<String, Object> r : rows) {
        w[i] = Math.max(w[i], text(r.get(columns.get(i))).length());
      }
    }
    StringBuilder head = new StringBuilder();
    StringBuilder sep = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      head.append(pad(columns.get(i), w[i])).append(i < w.length - 1 ? " | " : "");
      sep.append("=".repeat(w[i])).append(i < w.length - 1 ? "=+=" : "");
    }
    out.println(head.toString().stripTrailing());
    out.println(sep);
    for (Map<String, Object> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < w.length; i++) {
        line.append(pad(text(r.get(columns.get(i))), w[i])).append(i < w.length - 1 ? " | " : "");
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  static String text(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      try {
        return JSON.writeValueAsString(v);
      } catch (Exception e) {
        return v.toString();
      }
    }
    return v.toString();
  }
}
