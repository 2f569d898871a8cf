package io.aloft.runtime.cli;

/** A user error: printed as one line, exit code 1, no stack trace. */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }
}
