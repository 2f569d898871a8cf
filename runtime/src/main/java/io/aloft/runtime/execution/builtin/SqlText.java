package io.aloft.runtime.execution.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQL text as Airflow's SQL hooks take it, turned into what JDBC runs: {@link #split} cuts a script into statements
 * at top-level semicolons ({@code split_statements=True}), and {@link #bind} turns psycopg2's placeholders ({@code
 * %s}, {@code %(name)s}, {@code %%}) into JDBC's {@code ?} with the values in order. Both skip quoted text
 * ({@code '...'}, {@code "..."}, {@code $tag$...$tag$}) and comments. Pure functions.
 */
final class SqlText {

  private SqlText() {}

  /** A statement ready for a {@code PreparedStatement}: JDBC text and its parameter values in order. */
  record Bound(String sql, List<Object> values) {}

  /** The statements of a script, trimmed, without empty ones and without their semicolons. */
  static List<String> split(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < script.length()) {
      int end = skipQuotedOrComment(script, i);
      if (end > i) {
        current.append(script, i, end);
        i = end;
        continue;
      }
      char c = script.charAt(i);
      if (c == ';') {
        add(out, current);
        current.setLength(0);
      } else {
        current.append(c);
      }
      i++;
    }
    add(out, current);
    return out;
  }

  private static void add(List<String> out, StringBuilder statement) {
    String s = statement.toString().strip();
    if (!s.isEmpty() && !onlyComments(s)) {
      out.add(s);
    }
  }

  private static boolean onlyComments(String s) {
    int i = 0;
    while (i < s.length()) {
      if (Character.isWhitespace(s.charAt(i))) {
        i++;
        continue;
      }
      int end = skipQuotedOrComment(s, i);
      if (end == i || s.charAt(i) == '\'' || s.charAt(i) == '"' || s.charAt(i) == '$') {
        return false;
      }
      i = end;
    }
    return true;
  }

  /**
   * Binds psycopg2-style parameters: a list for {@code %s}, a map for {@code %(name)s}; {@code %%} is a literal
   * {@code %} when there are parameters (as psycopg2 reads it, inside quotes too), and a {@code ?} outside quotes is
   * escaped for JDBC. Without parameters the text is left alone (and runs as a plain statement).
   */
  static Bound bind(String sql, Object parameters) {
    if (parameters == null) {
      return new Bound(sql, List.of());
    }
    List<Object> values = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    int positional = 0;
    int i = 0;
    while (i < sql.length()) {
      int end = skipQuotedOrComment(sql, i);
      if (end > i) {
        // psycopg2 formats the whole text, so %% is % inside quotes too; placeholders there would be nonsense.
        out.append(sql.substring(i, end).replace("%%", "%"));
        i = end;
        continue;
      }
      char c = sql.charAt(i);
      if (c == '?') { // a PostgreSQL operator (jsonb ?, ?|, ?&), not a JDBC placeholder
        out.append("??");
        i++;
        continue;
      }
      if (c == '%' && i + 1 < sql.length()) {
        char n = sql.charAt(i + 1);
        if (n == '%') {
          out.append('%');
          i += 2;
          continue;
        }
        if (n == 's') {
          if (!(parameters instanceof List<?> list) || positional >= list.size()) {
            throw new IllegalArgumentException("the SQL has more %s placeholders than `parameters` has values "
                + "(pass a list with one value per %s, or a dict for %(name)s placeholders)");
          }
          values.add(list.get(positional++));
          out.append('?');
          i += 2;
          continue;
        }
        if (n == '(') {
          int close = sql.indexOf(")s", i);
          if (close > 0) {
            String name = sql.substring(i + 2, close);
            if (!(parameters instanceof Map<?, ?> map) || !map.containsKey(name)) {
              throw new IllegalArgumentException("the SQL uses %(" + name + ")s but `parameters` has no key '" + name
                  + "' (pass a dict with it)");
            }
            values.add(map.get(name));
            out.append('?');
            i = close + 2;
            continue;
          }
        }
      }
      out.append(c);
      i++;
    }
    return new Bound(out.toString(), values);
  }

  /** The end of the quoted text or comment starting at {@code i}, or {@code i} when none starts there. */
  private static int skipQuotedOrComment(String s, int i) {
    char c = s.charAt(i);
    if (c == '\'' || c == '"') {
      int j = i + 1;
      while (j < s.length()) {
        if (s.charAt(j) == c) {
          if (j + 1 < s.length() && s.charAt(j + 1) == c) { // doubled quote inside
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return s.length();
    }
    if (c == '-' && s.startsWith("--", i)) {
      int nl = s.indexOf('\n', i);
      return nl < 0 ? s.length() : nl + 1;
    }
    if (c == '/' && s.startsWith("/*", i)) {
      int close = s.indexOf("*/", i + 2);
      return close < 0 ? s.length() : close + 2;
    }
    if (c == '$') {
      int j = i + 1;
      while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
        j++;
      }
      if (j < s.length() && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
        String tag = s.substring(i, j + 1);
        int close = s.indexOf(tag, j + 1);
        return close < 0 ? s.length() : close + tag.length();
      }
    }
    return i;
  }
}
