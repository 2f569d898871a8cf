package io.aloft.runtime.scheduler;

/** No DAG has this id. */
public final class UnknownDagException extends RuntimeException {
  public UnknownDagException(String dagId) {
    super("DAG '" + dagId + "' not found: see `aloft dags list` (a DAG file with errors shows in `aloft dags list-import-errors`)");
  }
}
