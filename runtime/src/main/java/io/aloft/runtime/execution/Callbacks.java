package io.aloft.runtime.execution;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.sdk.TaskContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls the Python callbacks of a DAG file as Airflow does: a task's {@code on_execute_callback} before its work,
 * {@code on_success_callback} / {@code on_failure_callback} / {@code on_retry_callback} / {@code
 * on_skipped_callback} once its state is recorded, and the DAG's {@code on_success_callback} / {@code
 * on_failure_callback} when a run ends. Each gets the task's Airflow context (plus {@code exception} for a failure
 * and {@code reason} for a DAG's).
 *
 * <p>The call goes through the ordinary {@link PythonInvoker}: the context names the callback under {@code
 * _aloft_callback} and the Python runner calls it instead of the task. Only callbacks the spec lists are called,
 * so DAGs without any never pay for a Python call. A failing callback is logged to the try's log and never
 * changes the task's state. Stateless and thread-safe; blocks its caller while the callback runs.
 */
final class Callbacks {

  private final PythonInvoker python;

  Callbacks(PythonInvoker python) {
    this.python = python;
  }

  /** The task callback Airflow calls when a try ends in {@code state}, or null for states without one. */
  static String forState(TaskState state) {
    return switch (state) {
      case SUCCESS -> "on_success_callback";
      case FAILED -> "on_failure_callback";
      case UP_FOR_RETRY -> "on_retry_callback";
      case SKIPPED -> "on_skipped_callback";
      default -> null;
    };
  }

  /**
   * Calls the task's callback {@code name} if it has one.
   *
   * @param failure the failure's message (the context's {@code exception}), or null
   */
  void task(String name, DagSpec spec, TaskSpec task, int mapIndex, Map<String, Object> airflowContext,
      TaskContext ctx, String failure) {
    if (name == null || !spec.callbacksOf(task.taskId()).has(name)) {
      return;
    }
    Map<String, Object> context = new LinkedHashMap<>(airflowContext);
    if (failure != null) {
      context.put("exception", failure);
    }
    call(name, name, spec, task, mapIndex, context, ctx);
  }

  /**
   * Calls the DAG's callback {@code name} ({@code on_success_callback}, {@code on_failure_callback}) if it has
   * one, with the context of {@code task} (Airflow hands a DAG callback the context of one of the run's tasks).
   */
  void dag(String name, DagSpec spec, TaskSpec task, Map<String, Object> airflowContext, TaskContext ctx, String reason) {
    if (!spec.hasDagCallback(name)) {
      return;
    }
    Map<String, Object> context = new LinkedHashMap<>(airflowContext);
    context.put("reason", reason);
    call("DAG " + name, "dag_" + name, spec, task, -1, context, ctx);
  }

  private void call(String label, String callback, DagSpec spec, TaskSpec task, int mapIndex,
      Map<String, Object> context, TaskContext ctx) {
    context.put("_aloft_callback", callback);
    ctx.log().info("Running " + label);
    try {
      TryOutcome o = python.execute(new PythonInvoker.PythonTry(spec, task, mapIndex, Map.of(), context, ctx));
      if (o instanceof TryOutcome.Failed f) {
        ctx.log().error("Error when executing " + label + " (the task's state is unchanged): " + f.message());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ctx.log().error(label + " was interrupted");
    } catch (Exception | StackOverflowError e) {
      ctx.log().error("Error when executing " + label + " (the task's state is unchanged): " + e);
    }
  }
}
