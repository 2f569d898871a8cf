package io.aloft.runtime.app;

import io.aloft.runtime.store.EventLogStore;
import io.aloft.runtime.store.EventLogStore.Entry;
import io.aloft.runtime.store.EventLogStore.Filter;
import io.aloft.runtime.store.Json;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit log: every service that changes something on a user's behalf (trigger, clear, mark, pause, delete,
 * notes, variables, pools, logins, backfills) records who, when, what and from where, here, so that the UI, the API
 * and the CLI all leave the same trail. Thread-safe.
 */
public final class EventLogs {

  private final EventLogStore store;
  private final Clock clock;

  EventLogs(EventLogStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What an entry is about; any field may be null. */
  public record Subject(String dagId, String runId, String taskId, Integer mapIndex) {
    public static final Subject NONE = new Subject(null, null, null, null);

    public static Subject dag(String dagId) {
      return new Subject(dagId, null, null, null);
    }

    public static Subject run(String dagId, String runId) {
      return new Subject(dagId, runId, null, null);
    }
  }

  /**
   * Appends an entry.
   *
   * @param details the operation's details, stored as JSON in {@code extra} (with the caller's address)
   */
  public void record(Actor actor, String event, Subject subject, Map<String, ?> details) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("address", actor.address());
    if (details != null) {
      extra.putAll(details);
    }
    store.append(
        new Entry(
            0, clock.instant(), event, subject.dagId(), subject.taskId(), subject.runId(), subject.mapIndex(), null,
            actor.user(), actor.address(), Json.write(extra)));
  }

  public Optional<Entry> get(long id) {
    return store.get(id);
  }

  /**
   * One page of entries.
   *
   * @param orderColumn a column of the log table, vetted by the caller
   */
  public List<Entry> page(Filter filter, String orderColumn, boolean descending, int limit, int offset) {
    return store.page(filter, orderColumn, descending, limit, offset);
  }

  public int count(Filter filter) {
    return store.count(filter);
  }
}
