package io.aloft.runtime.trigger;

import java.time.Duration;
import java.util.Map;

/**
 * Thrown by a built-in Java operator or sensor to hand its wait to the triggerer (Airflow's {@code TaskDeferred}):
 * the try ends as {@code deferred}, frees its pool slot and thread, and when {@code trigger} fires the same try
 * resumes at {@code method} with {@code kwargs} and the trigger's event.
 *
 * @param timeout how long the task may stay deferred before it fails with TaskDeferralTimeout, or null
 */
public final class TaskDeferral extends RuntimeException {

  private final Trigger trigger;
  private final String method;
  private final Map<String, Object> kwargs;
  private final Duration timeout;

  public TaskDeferral(Trigger trigger, String method, Map<String, Object> kwargs, Duration timeout) {
    super("deferred to " + trigger, null, false, false);
    this.trigger = trigger;
    this.method = method;
    this.kwargs = Map.copyOf(kwargs);
    this.timeout = timeout;
  }

  public Trigger trigger() {
    return trigger;
  }

  public String method() {
    return method;
  }

  public Map<String, Object> kwargs() {
    return kwargs;
  }

  public Duration timeout() {
    return timeout;
  }
}
