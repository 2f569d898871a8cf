package io.aloft.runtime.execution.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.objects.PyWrapper;
import io.aloft.sdk.Connection;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code conn} in templates: {@code conn.my_id.host}, {@code conn.my_id.extra_dejson.key}, {@code
 * conn.get('my_id')} with Airflow's connection fields. A missing connection without {@code get} fails the render
 * with the command that creates it.
 */
public final class TemplateConnections extends AbstractMap<String, Object> implements PyWrapper {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConnectionSource source;

  TemplateConnections(ConnectionSource source) {
    this.source = source;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return Set.of();
  }

  @Override
  public boolean containsKey(Object key) {
    return source.get(String.valueOf(key)).isPresent();
  }

  @Override
  public Object get(Object key) {
    String id = String.valueOf(key);
    return source.get(id).map(TemplateConnections::fields).orElseThrow(() -> new IllegalArgumentException(
        "The conn_id `%s` isn't defined: add it with `aloft connections add %s --conn-uri ...`".formatted(id, id)));
  }

  /** {@code conn.get('my_id')}: None when missing. */
  public Object get(String key) {
    return source.get(key).map(TemplateConnections::fields).orElse(PyNone.NONE);
  }

  private static Object fields(Connection c) {
    Map<String, Object> m = c.asMap();
    Map<String, Object> extra = c.extra() == null ? Map.of() : c.extra();
    try {
      m.put("extra", extra.isEmpty() ? null : JSON.writeValueAsString(extra));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("connection " + c.connId() + " has an extra that is not JSON", e);
    }
    m.put("extra_dejson", extra);
    return PyDict.toPy(m);
  }
}
