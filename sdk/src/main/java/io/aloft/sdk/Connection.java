package io.aloft.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

/** A stored connection, like Airflow's. {@code password} must never be logged: {@link #toString} masks it. */
public record Connection(
    String connId,
    String connType,
    String host,
    String schema,
    String login,
    String password,
    Integer port,
    Map<String, Object> extra) {

  /**
   * The connection's fields by Airflow's attribute names ({@code conn_id}, {@code conn_type}, {@code host},
   * {@code schema}, {@code login}, {@code password}, {@code port}, {@code extra} as its parsed map), in that order: what
   * the Python bridges hand to {@code BaseHook.get_connection}. Values may be null.
   */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("conn_id", connId);
    m.put("conn_type", connType);
    m.put("host", host);
    m.put("schema", schema);
    m.put("login", login);
    m.put("password", password);
    m.put("port", port);
    m.put("extra", extra);
    return m;
  }

  @Override
  public String toString() {
    return "Connection[connId=" + connId + ", connType=" + connType + ", host=" + host + ", schema=" + schema
        + ", login=" + login + ", password=" + (password == null ? null : "***") + ", port=" + port
        + ", extra=" + (extra == null ? null : extra.keySet()) + "]";
  }
}
