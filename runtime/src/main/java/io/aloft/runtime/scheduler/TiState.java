package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskState;

/** One task instance of a run as the deciders see it; {@code mapIndex} is -1 when unmapped. */
public record TiState(String taskId, int mapIndex, TaskState state) {

  public static TiState of(String taskId, TaskState state) {
    return new TiState(taskId, -1, state);
  }

  TiState with(TaskState newState) {
    return new TiState(taskId, mapIndex, newState);
  }
}
