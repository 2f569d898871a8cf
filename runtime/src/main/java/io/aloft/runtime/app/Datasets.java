package io.aloft.runtime.app;

import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.store.DatasetStore.DatasetRow;
import io.aloft.runtime.store.DatasetStore.EventRow;
import io.aloft.runtime.store.Stores;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Datasets and their events (data-aware scheduling): listing them, and an external system announcing that a
 * dataset was updated, which may trigger its consumers. Thread-safe.
 */
public final class Datasets {

  private final Stores stores;
  private final SchedulerSignal scheduler;
  private final Clock clock;

  Datasets(Stores stores, SchedulerSignal scheduler, Clock clock) {
    this.stores = stores;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  public List<DatasetRow> list() {
    return stores.datasets().list();
  }

  public Optional<DatasetRow> get(String uri) {
    return stores.datasets().find(uri);
  }

  /** Events newest first, of one dataset when {@code uri} is not null. */
  public List<EventRow> events(String uri, int limit) {
    return stores.datasets().events(uri, limit);
  }

  /**
   * Records an update of {@code uri} announced from outside (no producing task) and wakes the scheduler, so
   * consumers whose condition it completes run without waiting for the next pass.
   *
   * @throws PermissionDeniedException when the actor may not create dataset events (a Viewer)
   */
  public EventRow announce(Actor actor, String uri, Map<String, Object> extra) {
    actor.require(Permission.create(Permission.DATASETS));
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("a dataset event needs a 'dataset_uri', e.g. \"s3://bucket/key\"");
    }
    EventRow event = stores.datasets().emit(uri, extra, clock.instant());
    scheduler.wake();
    return event;
  }

  /** The events that triggered a run (a dataset-triggered run's upstream events), oldest first. */
  public List<EventRow> triggeringEvents(long dagRunId) {
    return stores.datasets().triggeringEvents(dagRunId);
  }

  /** Consumer DAGs waiting on datasets (optionally one DAG and/or one dataset). */
  public List<io.aloft.runtime.store.DatasetStore.QueuedRow> queued(String dagId, String uri) {
    return stores.datasets().queued(dagId, uri);
  }

  /**
   * Drops queued dataset events so they trigger nothing (Airflow's "delete queued events"); returns how many.
   *
   * @param before only events queued before this time (null: all)
   * @throws PermissionDeniedException unless the actor may delete dataset data (Admin)
   */
  public int deleteQueued(Actor actor, String dagId, String uri, java.time.Instant before) {
    actor.require(Permission.delete(Permission.DATASETS));
    return stores.datasets().deleteQueued(dagId, uri, before);
  }

  /** The DAGs scheduled on {@code uri} (consumers) or the tasks updating it (producers). */
  public List<io.aloft.runtime.store.DatasetStore.Reference> references(String uri, boolean producers) {
    return stores.datasets().references(uri, producers);
  }

  /** The runs each event helped trigger, by event id. */
  public Map<Long, List<io.aloft.runtime.store.DatasetStore.CreatedRun>> createdRuns(java.util.Collection<Long> ids) {
    return stores.datasets().createdRuns(ids);
  }
}
