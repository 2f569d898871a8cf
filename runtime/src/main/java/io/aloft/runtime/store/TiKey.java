package io.aloft.runtime.store;

import java.util.Objects;

/**
 * Identifies a task instance.
 *
 * <p>{@code equals} and {@code hashCode} are written out: a record's own go through {@code ObjectMethods}' method
 * handles, which the daemon's C1-only JIT ({@code -XX:TieredStopAtLevel=1}) leaves slow — at 200 active runs the
 * scheduler's map lookups by key were a quarter of its thread's CPU (JFR, {@code scripts/bench scale runs}).
 */
public record TiKey(String dagId, String runId, String taskId, int mapIndex) {
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof TiKey k && mapIndex == k.mapIndex && Objects.equals(taskId, k.taskId)
            && Objects.equals(runId, k.runId) && Objects.equals(dagId, k.dagId);
  }

  @Override
  public int hashCode() {
    return ((Objects.hashCode(dagId) * 31 + Objects.hashCode(runId)) * 31 + Objects.hashCode(taskId)) * 31 + mapIndex;
  }

  @Override
  public String toString() {
    return dagId + "/" + runId + "/" + taskId + (mapIndex >= 0 ? "[" + mapIndex + "]" : "");
  }
}
