package io.aloft.runtime.store;

import io.aloft.runtime.model.TaskState;
import java.time.Instant;

/**
 * One task instance of a run; {@code mapIndex} is -1 unless the task is mapped. {@code note} is the scheduler's
 * explanation (why it waits), {@code userNote} the note a user set (Airflow's {@code note}).
 */
public record TaskInstanceRow(
    String dagId,
    String runId,
    String taskId,
    int mapIndex,
    TaskState state,
    int tryNumber,
    int maxTries,
    String operator,
    String pool,
    int poolSlots,
    int priorityWeight,
    Instant queuedDttm,
    Instant startDate,
    Instant endDate,
    Double duration,
    Instant firstStart,
    Instant nextAttemptAt,
    boolean resumeTry,
    int pokeCount,
    String hostname,
    Instant heartbeatAt,
    String note,
    String userNote) {

  public TiKey key() {
    return new TiKey(dagId, runId, taskId, mapIndex);
  }
}
