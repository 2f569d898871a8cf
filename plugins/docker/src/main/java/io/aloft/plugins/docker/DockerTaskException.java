package io.aloft.plugins.docker;

/**
 * A Docker task failed for a reason the user can fix; the message says how. Retryable, like Airflow's
 * {@code AirflowException}: the engine may come back, the image may be built before the next try. A container that
 * ran and failed carries its exit code and last lines of output.
 */
public final class DockerTaskException extends RuntimeException {

  private final Integer exitCode;
  private final java.util.List<String> outputTail;

  public DockerTaskException(String message) {
    this(message, (Throwable) null);
  }

  public DockerTaskException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = null;
    this.outputTail = java.util.List.of();
  }

  /** The container ran and exited with {@code exitCode}; {@code outputTail} is its last lines of output. */
  public DockerTaskException(String message, int exitCode, java.util.List<String> outputTail) {
    super(message);
    this.exitCode = exitCode;
    this.outputTail = java.util.List.copyOf(outputTail);
  }

  /** The container's exit code, when it ran to an exit (not when Docker refused or the try was lost). */
  public java.util.OptionalInt exitCode() {
    return exitCode == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(exitCode);
  }

  /**
   * The container's last lines of output (at most 100), oldest first; empty when it did not run to an exit. Callers
   * that tell failures apart by what the process printed (GraphGrid's GPU out-of-memory rule) read them here.
   */
  public java.util.List<String> outputTail() {
    return outputTail;
  }
}
