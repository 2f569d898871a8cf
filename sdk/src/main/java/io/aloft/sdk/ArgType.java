package io.aloft.sdk;

import java.util.List;
import java.util.Map;

/** The JSON shapes an operator argument may take after a DAG file is serialized. */
public enum ArgType {
  STRING,
  INT,
  FLOAT,
  BOOL,
  LIST,
  MAP,
  /** A string or a list of strings, like a Docker {@code command}. */
  STRING_OR_LIST,
  ANY;

  /** Whether a deserialized JSON value ({@code null} aside) has this shape. */
  public boolean accepts(Object value) {
    if (value == null) {
      return true;
    }
    return switch (this) {
      case STRING -> value instanceof String;
      case INT -> value instanceof Integer || value instanceof Long;
      case FLOAT -> value instanceof Number;
      case BOOL -> value instanceof Boolean;
      case LIST -> value instanceof List<?>;
      case MAP -> value instanceof Map<?, ?>;
      case STRING_OR_LIST -> value instanceof String || value instanceof List<?>;
      case ANY -> true;
    };
  }

  /** How a DAG author would name this type in an error message. */
  public String pythonName() {
    return switch (this) {
      case STRING -> "str";
      case INT -> "int";
      case FLOAT -> "float";
      case BOOL -> "bool";
      case LIST -> "list";
      case MAP -> "dict";
      case STRING_OR_LIST -> "str or list";
      case ANY -> "any";
    };
  }
}
