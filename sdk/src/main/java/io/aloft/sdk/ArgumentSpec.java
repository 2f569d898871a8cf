package io.aloft.sdk;

import java.util.Objects;

/**
 * One declared operator argument. The runtime rejects, at parse time, an argument the operator does not
 * declare, a missing required one, and a value of the wrong {@link ArgType}.
 */
public record ArgumentSpec(String name, ArgType type, boolean required) {

  public ArgumentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public static ArgumentSpec required(String name, ArgType type) {
    return new ArgumentSpec(name, type, true);
  }

  public static ArgumentSpec optional(String name, ArgType type) {
    return new ArgumentSpec(name, type, false);
  }
}
