package io.aloft.sdk;

/**
 * The try's work outside the daemon is lost: a {@link ResumableOperator} resumed after a crash found neither its
 * work (the container is gone) nor how it ended. Not the task's failure: the runtime ends the try as
 * {@code up_for_retry} and runs the task again under a new try number at once, whether or not retries remain (a
 * lost try does not use one up), with this message in the try's log. The work is never started again under the
 * same try number.
 *
 * <pre>{@code
 * if (container.isEmpty() && exitCode.isEmpty()) {
 *   throw new TaskLostException("container " + id + " is gone and its exit status is unknown");
 * }
 * }</pre>
 */
public final class TaskLostException extends RuntimeException {

  public TaskLostException(String message) {
    super(message);
  }
}
