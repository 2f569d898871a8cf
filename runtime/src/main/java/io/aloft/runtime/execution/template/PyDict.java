package io.aloft.runtime.execution.template;

import com.hubspot.jinjava.objects.PyWrapper;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only Python dict for templates: {@code d.k} and {@code d['k']} fail on a missing key (Airflow's
 * StrictUndefined), {@code d.get('k')} gives None and {@code d.get('k', default)} the default, {@code
 * items()/keys()/values()} work, and it prints like Python ({@code {'k': 'v'}}).
 */
public final class PyDict extends AbstractMap<String, Object> implements PyWrapper {

  private final Map<String, Object> map;

  private PyDict(Map<String, Object> map) {
    this.map = map;
  }

  /** Wraps a map for templates, converting nested maps, lists and nulls. */
  public static PyDict of(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, toPy(v)));
    return new PyDict(copy);
  }

  /**
   * Converts a JSON-like value to what templates see: maps to {@link PyDict}, nulls to {@link PyNone},
   * booleans to {@link PyBool}.
   */
  @SuppressWarnings("unchecked")
  static Object toPy(Object v) {
    if (v == null) {
      return PyNone.NONE;
    }
    if (v instanceof PyWrapper) {
      return v;
    }
    if (v instanceof Boolean b) {
      return PyBool.of(b);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, val) -> copy.put(String.valueOf(k), toPy(val)));
      return new PyDict(copy);
    }
    if (v instanceof Collection<?> c) {
      List<Object> list = new ArrayList<>(c.size());
      c.forEach(e -> list.add(toPy(e)));
      return list;
    }
    return v;
  }

  /**
   * The inverse of {@link #toPy}, for values leaving a template (e.g. {@code ti.xcom_push}): None to null,
   * Python bools to booleans, dicts to maps; dates and timedeltas become the strings they print as.
   */
  static Object toJava(Object v) {
    if (v == null || v == PyNone.NONE) {
      return null;
    }
    if (v instanceof PyBool b) {
      return b.json();
    }
    if (v instanceof PyDateTime || v instanceof PyTimedelta) {
      return v.toString();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, val) -> copy.put(String.valueOf(k), toJava(val)));
      return copy;
    }
    if (v instanceof Collection<?> c) {
      List<Object> list = new ArrayList<>(c.size());
      c.forEach(e -> list.add(toJava(e)));
      return list;
    }
    return v;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return map.entrySet();
  }

  /** Property and subscript access: null (undefined) when the key is missing. */
  @Override
  public Object get(Object key) {
    return map.get(key);
  }

  /** Python's {@code dict.get(key)}: None when missing. */
  public Object get(String key) {
    return map.getOrDefault(key, PyNone.NONE);
  }

  /** Python's {@code dict.get(key, default)}. */
  public Object get(Object key, Object defaultValue) {
    return map.containsKey(key) ? map.get(key) : defaultValue;
  }

  public Set<Entry<String, Object>> items() {
    return map.entrySet();
  }

  public List<String> keys() {
    return List.copyOf(map.keySet());
  }

  @Override
  public Collection<Object> values() {
    return map.values();
  }
}
