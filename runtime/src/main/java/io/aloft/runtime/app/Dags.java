package io.aloft.runtime.app;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.Stores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DAGs: list, read, pause and unpause, and upload a DAG file. Thread-safe. */
public final class Dags {

  private final Stores stores;
  private final SchedulerSignal scheduler;
  private final DagUpload upload;
  private final EventLogs events;

  Dags(Stores stores, SchedulerSignal scheduler, DagUpload upload, EventLogs events) {
    this.events = events;
    this.stores = stores;
    this.scheduler = scheduler;
    this.upload = upload;
  }

  /** Every DAG ever parsed, active or not, by id. */
  public List<DagRow> list() {
    return stores.dags().list();
  }

  /** The DAGs whose file still declares them, by id. */
  public List<DagRow> listActive() {
    return stores.dags().listActive();
  }

  /**
   * A page of the DAG list with each DAG's latest run and run counts, in one read: see {@link
   * io.aloft.runtime.store.DagStore#listPage}.
   */
  public io.aloft.runtime.store.DagListing listPage(Boolean paused, String search, int offset, int limit) {
    return stores.dags().listPage(paused, search, offset, limit);
  }

  public Optional<DagRow> get(String dagId) {
    return stores.dags().get(dagId);
  }

  /** @throws UnknownDagException when no DAG has this id (its message tells the user where to look) */
  public DagRow require(String dagId) {
    return get(dagId).orElseThrow(() -> new UnknownDagException(dagId));
  }

  /** A version of a DAG's parsed spec (a run keeps the version it was created with). */
  public DagSpec spec(String dagId, String specHash) {
    return stores.dags().spec(dagId, specHash);
  }

  /** The DAG's current spec. */
  public DagSpec spec(DagRow dag) {
    return spec(dag.dagId(), dag.specHash());
  }

  /**
   * Asks the daemon to parse a DAG file again at its next pass even if it did not change (Airflow's reparse).
   *
   * @throws java.util.NoSuchElementException when no stored DAG file has this path
   * @throws PermissionDeniedException unless the actor may edit DAGs
   */
  public void requestParse(Actor actor, String fileloc) {
    actor.require(Permission.edit(Permission.DAGS));
    if (!stores.dags().codedFiles().contains(fileloc)) {
      throw new java.util.NoSuchElementException("no DAG file " + fileloc);
    }
    stores.dags().requestParse(fileloc, java.time.Instant.now());
    events.record(actor, "parse_dag_file", EventLogs.Subject.NONE, Map.of("fileloc", fileloc));
  }

  /** The stored source of a DAG file. */
  public Optional<String> code(String fileloc) {
    return stores.dags().code(fileloc);
  }

  /**
   * Pauses or unpauses a DAG, whoever asks; unpausing wakes the scheduler (of this process, or of the daemons on
   * this database) so that runs that are due start now rather than at the next tick. Recorded in the audit log
   * ({@code pause} / {@code unpause}).
   *
   * @return the DAG as it is now
   * @throws UnknownDagException when no DAG has this id
   */
  public DagRow setPaused(Actor actor, String dagId, boolean paused) {
    actor.require(Permission.edit(Permission.DAGS));
    require(dagId);
    stores.dags().setPaused(dagId, paused);
    if (!paused) {
      scheduler.wake();
    }
    events.record(actor, paused ? "pause" : "unpause", EventLogs.Subject.dag(dagId), Map.of());
    return require(dagId);
  }

  /**
   * Deletes a DAG and its history (runs, task instances, tries, XCom, versions), as Airflow's delete: refused while
   * one of its tries runs. Its file is parsed again at the DAG-folder watcher's next pass, so a DAG whose file still
   * declares it comes back (with no history). Recorded in the audit log ({@code dag_delete}), which keeps the DAG's
   * earlier entries.
   *
   * @throws UnknownDagException when no DAG has this id
   * @throws IllegalStateException when a try of the DAG is running (the message says how to stop it)
   */
  public void delete(Actor actor, String dagId) {
    actor.require(Permission.delete(Permission.DAGS));
    DagRow dag = require(dagId);
    if (stores.taskInstances().countRunning(dagId) > 0) {
      throw new IllegalStateException(
          "DAG '" + dagId + "' has running task instances: mark its running runs failed first (this stops their"
              + " tries), then delete it");
    }
    if (!stores.dags().delete(dagId)) {
      throw new UnknownDagException(dagId);
    }
    events.record(actor, "dag_delete", EventLogs.Subject.dag(dagId), Map.of("fileloc", dag.fileloc()));
  }

  /**
   * Checks a DAG file as the daemon would parse it and moves it into the DAGs folder atomically; see {@link
   * DagUpload}.
   *
   * @throws IllegalArgumentException when the file is refused (the message says why and what to do)
   */
  public DagUpload.Uploaded upload(Path file) throws IOException {
    return upload.upload(file, dagId -> stores.dags().get(dagId));
  }
}
