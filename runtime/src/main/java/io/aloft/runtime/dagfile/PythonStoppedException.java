package io.aloft.runtime.dagfile;

/** A Python call was stopped before it finished: time limit, cancellation, or the guest called exit. */
final class PythonStoppedException extends RuntimeException {

  enum Reason {
    TIMEOUT,
    CANCELLED,
    EXITED
  }

  private final Reason reason;

  PythonStoppedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
