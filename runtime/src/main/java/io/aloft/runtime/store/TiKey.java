package io.aloft.runtime.store;

/** Identifies a task instance. */
public record TiKey(String dagId, String runId, String taskId, int mapIndex) {
  @Override
  public String toString() {
    return dagId + "/" + runId + "/" + taskId + (mapIndex >= 0 ? "[" + mapIndex + "]" : "");
  }
}
