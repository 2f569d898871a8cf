package io.aloft.runtime.execution.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits a Jinjava call's arguments into positional ones and Python-style keyword ones ({@code k=v}). */
record Kwargs(List<Object> positional, Map<String, Object> named) {

  static Kwargs of(Object... args) {
    List<Object> positional = new ArrayList<>();
    Map<String, Object> named = new LinkedHashMap<>();
    if (args != null) {
      for (Object a : args) {
        if (a instanceof NamedParameter p) {
          named.put(p.getName(), p.getValue());
        } else {
          positional.add(a);
        }
      }
    }
    return new Kwargs(positional, named);
  }

  /** The argument at {@code index}, else the keyword {@code name}, else {@code fallback}. */
  Object arg(int index, String name, Object fallback) {
    if (index >= 0 && index < positional.size()) {
      return positional.get(index);
    }
    return named.getOrDefault(name, fallback);
  }

  long longArg(int index, String name, long fallback) {
    Object v = arg(index, name, null);
    return v == null || v == PyNone.NONE ? fallback : toNumber(v, name).longValue();
  }

  double doubleArg(int index, String name, double fallback) {
    Object v = arg(index, name, null);
    return v == null || v == PyNone.NONE ? fallback : toNumber(v, name).doubleValue();
  }

  private static Number toNumber(Object v, String name) {
    if (v instanceof Number n) {
      return n;
    }
    try {
      return Double.parseDouble(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'%s' must be a number, not '%s'".formatted(name, v));
    }
  }
}
