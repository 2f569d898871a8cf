package io.aloft.runtime.execution.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.objects.PyWrapper;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code var} in templates: {@code var.value.<key>} (the string), {@code var.json.<key>} (parsed JSON),
 * each also as {@code .get('key', default)}. A missing variable without a default fails the render with
 * the command that creates it.
 */
public final class TemplateVariables extends AbstractMap<String, Object> implements PyWrapper {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> accessors;

  TemplateVariables(VariableSource source) {
    this.accessors = Map.of("value", new Accessor(source, false), "json", new Accessor(source, true));
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return accessors.entrySet();
  }

  /** One of {@code var.value} / {@code var.json}. */
  public static final class Accessor extends AbstractMap<String, Object> implements PyWrapper {

    private final VariableSource source;
    private final boolean json;

    Accessor(VariableSource source, boolean json) {
      this.source = source;
      this.json = json;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return Set.of();
    }

    @Override
    public boolean containsKey(Object key) {
      return source.get(String.valueOf(key)).isPresent();
    }

    /** {@code var.value.key}: fails when the variable does not exist, like Airflow's KeyError. */
    @Override
    public Object get(Object key) {
      String k = String.valueOf(key);
      return source
          .get(k)
          .map(this::convert)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "Variable %s does not exist: set it with `aloft variables set %s VALUE`"
                          .formatted(k, k)));
    }

    /** {@code var.value.get('key')}: None when missing. */
    public Object get(String key) {
      return get(key, PyNone.NONE);
    }

    public Object get(Object key, Object defaultValue) {
      return source.get(String.valueOf(key)).map(this::convert).orElse(PyDict.toPy(defaultValue));
    }

    private Object convert(String raw) {
      if (!json) {
        return raw;
      }
      try {
        return PyDict.toPy(JSON.readValue(raw, Object.class));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Variable value is not JSON: " + e.getOriginalMessage());
      }
    }
  }
}
