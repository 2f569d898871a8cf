package io.aloft.runtime.python;

/** A Python call was stopped before it finished: time limit, cancellation, or the guest called exit. */
public final class PythonStoppedException extends RuntimeException {

  /** Why the call stopped. */
  public enum Reason {
    TIMEOUT,
    CANCELLED,
    EXITED
  }

  private final Reason reason;

  PythonStoppedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
