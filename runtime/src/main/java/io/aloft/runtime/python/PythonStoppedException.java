package io.aloft.runtime.python;

/**
 * A Python call was stopped before it finished: time limit, cancellation, the guest called exit, or the worker
 * process that ran it died.
 */
public final class PythonStoppedException extends RuntimeException {

  /** Why the call stopped. */
  public enum Reason {
    TIMEOUT,
    CANCELLED,
    EXITED,
    /** The Python worker process died during the call (the code killed it, or it ran out of memory). */
    WORKER_DIED
  }

  private final Reason reason;

  public PythonStoppedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The line of {@code filename} the call was at when it stopped, when known. */
  public Integer lineIn(String filename) {
    for (Throwable s : getSuppressed()) {
      if (s instanceof PythonException p && p.lineIn(filename) != null) {
        return p.lineIn(filename);
      }
    }
    return null;
  }
}
