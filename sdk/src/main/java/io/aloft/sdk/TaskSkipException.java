package io.aloft.sdk;

/** Ends the try as skipped, like Airflow's {@code AirflowSkipException}. */
public final class TaskSkipException extends RuntimeException {

  public TaskSkipException(String message) {
    super(message);
  }
}
