package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskSpec.SensorSpec;
import io.aloft.runtime.model.TaskState;
import java.time.Duration;
import java.time.Instant;

/**
 * What a sensor does after a poke that was not satisfied, as Airflow 2.10's {@code BaseSensorOperator}:
 * time out (failed, or skipped with {@code soft_fail}) once more than {@code timeout} has passed since
 * the sensor first started — measured from the first try, so retries and reschedules do not reset it —
 * else poke again after {@code poke_interval}, or with {@code exponential_backoff} after a jittered,
 * doubling interval that never passes the timeout nor {@code max_wait}. In reschedule mode the caller
 * frees the slot and sets the instance up_for_reschedule until {@link PokeAgain#at()}.
 */
public final class SensorPolicy {

  /** The outcome of an unsatisfied poke. */
  public sealed interface Step permits PokeAgain, TimedOut {}

  /** Poke again at {@code at} (sleep in poke mode, up_for_reschedule in reschedule mode). */
  public record PokeAgain(Instant at, Duration interval) implements Step {}

  /** The sensor timed out: {@code state} is FAILED, or SKIPPED with soft_fail; no retries follow. */
  public record TimedOut(TaskState state, String message) implements Step {}

  private final String dagId;
  private final String taskId;
  private final SensorSpec spec;

  public SensorPolicy(String dagId, String taskId, SensorSpec spec) {
    this.dagId = dagId;
    this.taskId = taskId;
    this.spec = spec;
  }

  public boolean isReschedule() {
    return "reschedule".equals(spec.mode());
  }

  /**
   * Decides after poke number {@code pokeCount} (1-based, counted since {@code firstStart}) returned
   * false at {@code now}; {@code firstStart} is when the sensor's first try started.
   */
  public Step afterUnsatisfiedPoke(Instant firstStart, Instant now, int pokeCount) {
    double elapsed = Duration.between(firstStart, now).toNanos() / 1e9;
    if (elapsed > spec.timeoutSeconds()) {
      String message =
          "Sensor has timed out; run duration of %.3f seconds exceeds the specified timeout of %s."
              .formatted(elapsed, fmt(spec.timeoutSeconds()));
      return new TimedOut(spec.softFail() ? TaskState.SKIPPED : TaskState.FAILED, message);
    }
    Duration interval = nextInterval(firstStart, elapsed, pokeCount);
    return new PokeAgain(now.plus(interval), interval);
  }

  /** The state for a poke that raised an error the sensor does not swallow. */
  public TaskState onPokeError() {
    return spec.softFail() ? TaskState.SKIPPED : TaskState.FAILED;
  }

  private Duration nextInterval(Instant firstStart, double elapsed, int pokeCount) {
    if (!spec.exponentialBackoff()) {
      return RetryPolicy.seconds(spec.pokeIntervalSeconds());
    }
    long minBackoff = (long) (spec.pokeIntervalSeconds() * Math.pow(2, pokeCount - 2));
    String key = dagId + "#" + taskId + "#" + Backoff.pythonIso(firstStart) + "#" + pokeCount;
    double interval = Backoff.jittered(minBackoff, key, Long.MAX_VALUE / 2);
    interval = Math.min(spec.timeoutSeconds() - (long) elapsed, interval);
    if (spec.maxWaitSeconds() != null && spec.maxWaitSeconds() > 0) {
      interval = Math.min(spec.maxWaitSeconds(), interval);
    }
    return RetryPolicy.seconds(Math.max(interval, 0));
  }

  private static String fmt(double seconds) {
    return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
  }
}
