package io.aloft.runtime.model;

import java.util.Map;

/**
 * One DAG param: its default (when {@code hasDefault}), its JSON schema (Airflow's {@code Param(type=...,
 * minimum=...)} keywords; empty for plain values) and description.
 */
public record ParamSpec(Object defaultValue, boolean hasDefault, Map<String, Object> schema, String description) {

  public ParamSpec {
    schema = schema == null ? Map.of() : schema;
  }
}
