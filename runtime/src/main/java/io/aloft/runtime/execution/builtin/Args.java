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
}
