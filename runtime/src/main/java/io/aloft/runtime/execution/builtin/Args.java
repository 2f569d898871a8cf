package io.aloft.runtime.execution.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads typed values out of a rendered argument map (JSON shapes). */
final class Args {

  private final Map<String, Object> args;

  Args(Map<String, Object> args) {
    this.args = args;
  }

  /** The value as the DAG file gave it (a list, a map, a number...), or null. */
  Object raw(String name) {
    return args.get(name);
  }

  String string(String name) {
    Object v = args.get(name);
    return v == null ? null : v.toString();
  }

  boolean bool(String name, boolean def) {
    Object v = args.get(name);
    return v instanceof Boolean b ? b : def;
  }

  Double number(String name) {
    Object v = args.get(name);
    return v instanceof Number n ? n.doubleValue() : null;
  }

  Map<String, String> stringMap(String name) {
    Object v = args.get(name);
    if (!(v instanceof Map<?, ?> m)) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : String.valueOf(val)));
    return out;
  }

  /** An int or a list of ints (e.g. {@code skip_on_exit_code}); {@code def} when absent. */
  List<Integer> ints(String name, List<Integer> def) {
    Object v = args.get(name);
    if (v == null) {
      return args.containsKey(name) ? List.of() : def;
    }
    List<Integer> out = new ArrayList<>();
    if (v instanceof Number n) {
      out.add(n.intValue());
    } else if (v instanceof List<?> l) {
      l.forEach(x -> out.add(((Number) x).intValue()));
    }
    return out;
  }

  List<String> strings(String name) {
    Object v = args.get(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return List.of(v.toString());
  }

  /**
   * A date-time as Airflow's {@code timezone.parse} reads it: ISO 8601 with an offset, without one (UTC), or a bare
   * date (midnight UTC); null when absent.
   *
   * @throws IllegalArgumentException naming the argument when the text is not a date
   */
  java.time.Instant instant(String name) {
    String s = string(name);
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.trim().replace(' ', 'T');
    try {
      return java.time.OffsetDateTime.parse(t).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.LocalDateTime.parse(t).toInstant(java.time.ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e2) {
        try {
          return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e3) {
          throw new IllegalArgumentException(name + " is not a date-time: '" + s + "' (use ISO 8601, e.g. 2024-01-31T06:00:00+00:00)");
        }
      }
    }
  }

  /** A map argument as it is (JSON shapes), or null when absent. */
  @SuppressWarnings("unchecked")
  Map<String, Object> map(String name) {
    Object v = args.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException(name + " must be a dict, not " + v.getClass().getSimpleName());
  }

  boolean has(String name) {
    return args.get(name) != null;
  }
}
