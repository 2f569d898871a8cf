package io.aloft.plugins.docker;

/**
 * A Docker task failed for a reason the user can fix; the message says how. Retryable, like Airflow's
 * {@code AirflowException}: the engine may come back, the image may be built before the next try.
 */
public final class DockerTaskException extends RuntimeException {

  public DockerTaskException(String message) {
    super(message);
  }

  public DockerTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
