package io.aloft.graphgrid.preflight;

/** The session did not fit within the wait limit; the message says what was seen and what to change. */
public final class PreflightTimeoutException extends Exception {

  private final PreflightDecision last;

  public PreflightTimeoutException(String message, PreflightDecision last) {
    super(message);
    this.last = last;
  }

  /** The last decision taken before giving up. */
  public PreflightDecision last() {
    return last;
  }
}
