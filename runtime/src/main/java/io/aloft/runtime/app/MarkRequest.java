package io.aloft.runtime.app;

import io.aloft.runtime.model.TaskState;
import java.util.List;

/**
 * Marking task instances by hand, as Airflow 2.10's {@code updateTaskInstancesState} and the task-instance PATCH say:
 * the picked tasks of one run, with their upstream/downstream tasks and the same tasks in earlier/later runs.
 *
 * @param state success, failed or skipped
 */
public record MarkRequest(
    String dagId,
    String runId,
    List<ClearRequest.TaskRef> tasks,
    TaskState state,
    boolean upstream,
    boolean downstream,
    boolean future,
    boolean past,
    boolean dryRun) {

  public MarkRequest {
    tasks = List.copyOf(tasks);
  }
}
