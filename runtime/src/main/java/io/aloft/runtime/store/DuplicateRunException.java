package io.aloft.runtime.store;

/** A run with this id (or logical date) already exists for the DAG. */
public final class DuplicateRunException extends RuntimeException {
  public DuplicateRunException(String dagId, String runId) {
    super("DAG run '" + runId + "' already exists for DAG '" + dagId + "': pick another run id");
  }
}
