package io.aloft.sdk;

import java.util.Map;

/** A stored connection, like Airflow's. {@code password} must never be logged. */
public record Connection(
    String connId,
    String connType,
    String host,
    String schema,
    String login,
    String password,
    Integer port,
    Map<String, Object> extra) {}
