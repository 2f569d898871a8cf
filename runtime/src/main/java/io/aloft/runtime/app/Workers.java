package io.aloft.runtime.app;

import io.aloft.runtime.store.WorkerStore;
import io.aloft.runtime.worker.WorkerView;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The processes that run tries (standalone daemons and {@code aloft worker}s), for {@code aloft workers list}, {@code
 * GET /api/v1/workers} and the UI: their queues, slots in use and last heartbeat. Readable by every user, as the
 * tries' hostnames are. Stateless and thread-safe.
 */
public final class Workers {

  private final WorkerStore store;
  private final Clock clock;

  Workers(WorkerStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** How many task instances each worker runs now, by worker name; a worker running none is absent. */
  public Map<String, Integer> runningTries() {
    return store.runningTries();
  }

  /** The latest {@code limit} tries the worker named {@code worker} started, newest first. */
  public List<WorkerStore.RecentTry> recentTries(String worker, int limit) {
    return store.recentTriesOf(worker, limit);
  }

  /** Every worker known, running ones first, as {@link WorkerView} shows them. */
  public List<Map<String, Object>> list() {
    var now = clock.instant();
    return store.list().stream().map(w -> WorkerView.of(w, now)).toList();
  }
}
