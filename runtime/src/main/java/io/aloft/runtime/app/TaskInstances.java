package io.aloft.runtime.app;

import io.aloft.runtime.execution.LogFiles;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore.GridCell;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.XComStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A run's task instances, their tries' logs and their XCom entries. Thread-safe. */
public final class TaskInstances {

  private final Stores stores;
  private final LogFiles logs;

  TaskInstances(Stores stores, LogFiles logs) {
    this.stores = stores;
    this.logs = logs;
  }

  public List<TaskInstanceRow> listForRun(String dagId, String runId) {
    return stores.taskInstances().listForRun(dagId, runId);
  }

  public Optional<TaskInstanceRow> get(TiKey key) {
    return stores.taskInstances().get(key);
  }

  /** The grid's cells (state only) of these runs of a DAG. */
  public List<GridCell> gridCells(String dagId, Collection<String> runIds) {
    return stores.taskInstances().gridCells(dagId, runIds);
  }

  /** A try's log from byte {@code offset} on; empty when the try wrote none (yet). */
  public Optional<String> log(String dagId, String runId, String taskId, int mapIndex, int tryNumber, long offset) {
    return logs.read(dagId, runId, taskId, mapIndex, tryNumber, offset);
  }

  /** The XCom entries a task pushed in a run (every map index). */
  public List<XComStore.Entry> xcoms(String dagId, String runId, String taskId) {
    return stores.xcoms().list(dagId, runId, taskId);
  }
}
