package io.aloft.runtime.scheduler;

/** A run's conf violates the DAG's params; the message names the param and why. */
public final class InvalidConfException extends RuntimeException {
  public InvalidConfException(String message) {
    super(message);
  }
}
