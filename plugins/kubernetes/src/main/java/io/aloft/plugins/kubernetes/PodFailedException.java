package io.aloft.plugins.kubernetes;

import java.util.List;

/**
 * The pod's main container ran and exited with a non-zero code (one that {@code skip_on_exit_code} does not skip).
 * Retryable, like any failed try. Carries the exit code and the container's last lines of output, for callers that
 * tell failures apart by what the process printed (GraphGrid's GPU out-of-memory rule).
 */
public final class PodFailedException extends RuntimeException {

  private final int exitCode;
  private final List<String> outputTail;

  public PodFailedException(String message, int exitCode, List<String> outputTail) {
    super(message);
    this.exitCode = exitCode;
    this.outputTail = List.copyOf(outputTail);
  }

  /** The main container's exit code ({@code -1} when the pod failed without one). */
  public int exitCode() {
    return exitCode;
  }

  /** The main container's last lines of output (at most 100), oldest first; empty when its log was not followed. */
  public List<String> outputTail() {
    return outputTail;
  }
}
