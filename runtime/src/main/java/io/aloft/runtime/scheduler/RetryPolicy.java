package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * When a failed try is retried, as Airflow 2.10's {@code TaskInstance.next_retry_datetime} computes it.
 * Without exponential backoff: the try's end plus {@code retry_delay}. With it: {@code retry_delay ·
 * 2^(try−1)} seconds (rounded up, at least 1) plus a deterministic jitter below that, capped at one
 * day and then at {@code max_retry_delay}. Try numbers are 1-based: the first try is try 1.
 *
 * <p>Example: retry_delay 60 s, backoff on, try 3 failed → a delay in [240 s, 480 s).
 */
public final class RetryPolicy {

  /** Airflow's default {@code [core] max_task_retry_delay}: no backoff grows past one day. */
  static final long MAX_RETRY_DELAY_SECONDS = 24 * 60 * 60;

  private RetryPolicy() {}

  /**
   * Whether an instance gets another try after try {@code failedTryNumber} failed; {@code retries} is the instance's
   * {@code max_tries}: the task's retries, plus the tries it had before a user last cleared it.
   */
  public static boolean hasRetriesLeft(int failedTryNumber, int retries) {
    return retries > 0 && failedTryNumber <= retries;
  }

  /** When try {@code failedTryNumber} of this task instance, which ended at {@code tryEnd}, is retried. */
  public static Instant nextRetryAt(
      String dagId, TaskSpec task, Instant logicalDate, int failedTryNumber, Instant tryEnd) {
    return tryEnd.plus(
        retryDelay(
            dagId, task.taskId(), logicalDate, failedTryNumber, task.retryDelaySeconds(),
            task.retryExponentialBackoff(), task.maxRetryDelaySeconds()));
  }

  /** The delay between a failed try's end and the next try. */
  public static Duration retryDelay(
      String dagId,
      String taskId,
      Instant logicalDate,
      int failedTryNumber,
      double retryDelaySeconds,
      boolean exponentialBackoff,
      Double maxRetryDelaySeconds) {
    Duration delay = seconds(retryDelaySeconds);
    if (!exponentialBackoff) {
      return delay;
    }
    double min = Math.ceil(retryDelaySeconds * Math.pow(2, failedTryNumber - 1));
    long minBackoff = min >= MAX_RETRY_DELAY_SECONDS ? MAX_RETRY_DELAY_SECONDS : (long) min;
    String key = dagId + "#" + taskId + "#" + Backoff.pythonIso(logicalDate) + "#" + failedTryNumber;
    delay = Duration.ofSeconds(Backoff.jittered(minBackoff, key, MAX_RETRY_DELAY_SECONDS));
    if (maxRetryDelaySeconds != null && maxRetryDelaySeconds > 0) {
      Duration max = seconds(maxRetryDelaySeconds);
      delay = delay.compareTo(max) > 0 ? max : delay;
    }
    return delay;
  }

  static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1_000_000_000L));
  }
}
