package io.aloft.runtime.worker;

import io.aloft.runtime.store.WorkerStore.WorkerRow;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One worker as {@code aloft workers list} and {@code GET /api/v1/workers} show it (the same field names in both).
 * Stateless.
 */
public final class WorkerView {

  /** The columns, in order. */
  public static final List<String> COLUMNS = List.of("worker_name", "state", "queues", "concurrency", "slots_in_use",
      "first_online", "last_heartbeat", "seconds_since_heartbeat");

  private WorkerView() {}

  /** The fields of one worker; {@code queues} null: every queue (a standalone daemon). */
  public static Map<String, Object> of(WorkerRow w, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("worker_name", w.id());
    m.put("state", w.state());
    m.put("queues", w.queues().map(q -> (Object) List.copyOf(new TreeSet<>(q))).orElse(null));
    m.put("concurrency", w.concurrency());
    m.put("slots_in_use", w.slotsInUse());
    m.put("first_online", w.startedAt().toString());
    m.put("last_heartbeat", w.heartbeatAt().toString());
    m.put("seconds_since_heartbeat", Math.max(0, Duration.between(w.heartbeatAt(), now).toSeconds()));
    m.put("hostname", w.hostname());
    m.put("pid", w.pid());
    return m;
  }
}
