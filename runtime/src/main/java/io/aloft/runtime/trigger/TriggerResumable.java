package io.aloft.runtime.trigger;

import io.aloft.sdk.TaskContext;
import java.util.Map;

/**
 * A built-in Java operator that defers from {@code execute} (with {@link TaskDeferral}) and continues in its resumed
 * try here rather than running {@code execute} again (Airflow's {@code execute_complete(context, event)}).
 */
public interface TriggerResumable {

  /**
   * @param method the method named at deferral
   * @param kwargs the deferral's keyword arguments, with the trigger's event under {@code "event"}
   * @return the task's result, as {@code execute} returns it
   */
  Object resume(TaskContext ctx, String method, Map<String, Object> kwargs) throws Exception;
}
