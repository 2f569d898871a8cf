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
   */
  public EventRow announce(String uri, Map<String, Object> extra) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("a dataset event needs a 'dataset_uri', e.g. \"s3://bucket/key\"");
    }
    EventRow event = stores.datasets().emit(uri, extra, clock.instant());
    scheduler.wake();
    return event;
  }
}
