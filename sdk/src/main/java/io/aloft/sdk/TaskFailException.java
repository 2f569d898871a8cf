package io.aloft.sdk;

/** Fails the try without retrying, like Airflow's {@code AirflowFailException}. */
public final class TaskFailException extends RuntimeException {

  public TaskFailException(String message) {
    super(message);
  }

  public TaskFailException(String message, Throwable cause) {
    super(message, cause);
  }
}
