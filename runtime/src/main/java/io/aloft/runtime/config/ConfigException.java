package io.aloft.runtime.config;

/** A configuration value a user must fix; the message says which and how. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
