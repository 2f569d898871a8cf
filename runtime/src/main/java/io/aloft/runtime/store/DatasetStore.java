package io.aloft.runtime.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Datasets, their events and each consumer DAG's queue of events not yet consumed. Thread-safe (stateless over
 * JDBI). Writes that belong to a larger change (a try's end, a run's creation) take the caller's handle.
 */
public final class DatasetStore {

  private final Jdbi jdbi;

  public DatasetStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One dataset as listed. */
  public record DatasetRow(long id, String uri, Map<String, Object> extra, Instant createdAt, Instant updatedAt) {}

  /** One event: who updated which dataset when, with the event's extra data. */
  public record EventRow(
      long id, long datasetId, String uri, Map<String, Object> extra, String sourceDagId, String sourceTaskId,
      String sourceRunId, int sourceMapIndex, Instant timestamp) {}

  /** A queued, not yet consumed event of a consumer DAG. */
  public record Queued(long eventId, String uri, Instant timestamp) {}

  /**
   * Records that {@code uri} was updated and queues the event for every active DAG whose schedule names the
   * dataset (found in its current spec's condition tree). Returns the new event.
   */
  public EventRow emit(
      Handle h, String uri, Map<String, Object> extra, String dagId, String taskId, String runId, int mapIndex,
      Instant now) {
    return emit(h, uri, extra, List.of(), dagId, taskId, runId, mapIndex, now);
  }

  /**
   * As {@link #emit(Handle, String, Map, String, String, String, int, Instant)}, for an event that came through
   * dataset aliases ({@code outlet_events[alias].add(...)}): the dataset joins each alias first, so DAGs
   * scheduled on an alias are queued too, and the event records the aliases it came through.
   */
  public EventRow emit(
      Handle h, String uri, Map<String, Object> extra, List<String> aliases, String dagId, String taskId,
      String runId, int mapIndex, Instant now) {
    long datasetId =
        h.createQuery(
                "INSERT INTO dataset (uri, created_at, updated_at) VALUES (:u, :now, :now)"
                    + " ON CONFLICT (uri) DO UPDATE SET updated_at = EXCLUDED.updated_at RETURNING id")
            .bind("u", uri)
            .bind("now", now)
            .mapTo(Long.class)
            .one();
    long eventId =
        h.createQuery(
                "INSERT INTO dataset_event (dataset_id, extra, source_dag_id, source_task_id, source_run_id,"
                    + " source_map_index, timestamp) VALUES (:ds, CAST(:x AS jsonb), :d, :t, :r, :m, :now) RETURNING id")
            .bind("ds", datasetId)
            .bind("x", Json.write(extra == null ? Map.of() : extra))
            .bind("d", dagId)
            .bind("t", taskId)
            .bind("r", runId)
            .bind("m", mapIndex)
            .bind("now", now)
            .mapTo(Long.class)
            .one();
    for (String alias : aliases) {
      long aliasId = aliasId(h, alias);
      h.createUpdate("INSERT INTO dataset_alias_dataset (alias_id, dataset_id) VALUES (:a, :ds) ON CONFLICT DO NOTHING")
          .bind("a", aliasId)
          .bind("ds", datasetId)
          .execute();
      h.createUpdate("INSERT INTO dataset_alias_event (alias_id, event_id) VALUES (:a, :e) ON CONFLICT DO NOTHING")
          .bind("a", aliasId)
          .bind("e", eventId)
          .execute();
    }
    // Consumers: DAGs naming the dataset, and DAGs naming an alias the dataset belongs to (an alias in a schedule
    // stands for the datasets added to it so far, as Airflow 2.10 resolves it).
    h.createUpdate(
            "INSERT INTO dataset_queue (target_dag_id, event_id, dataset_id, created_at)"
                + " SELECT d.dag_id, :e, :ds, :now FROM dag d JOIN dag_version v"
                + " ON v.dag_id = d.dag_id AND v.spec_hash = d.spec_hash WHERE d.is_active"
                + " AND (jsonb_path_exists(v.spec, '$.schedule.datasets.** ? (@.uri == $u)', jsonb_build_object('u', :u))"
                + " OR EXISTS (SELECT 1 FROM dataset_alias_dataset m JOIN dataset_alias a ON a.id = m.alias_id"
                + " WHERE m.dataset_id = :ds AND jsonb_path_exists(v.spec, '$.schedule.datasets.** ? (@.alias == $a)',"
                + " jsonb_build_object('a', a.name))))")
        .bind("e", eventId)
        .bind("ds", datasetId)
        .bind("now", now)
        .bind("u", uri)
        .execute();
    return new EventRow(eventId, datasetId, uri, extra == null ? Map.of() : extra, dagId, taskId, runId, mapIndex, now);
  }

  private static long aliasId(Handle h, String name) {
    return h.createQuery(
            "INSERT INTO dataset_alias (name) VALUES (:n) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name"
                + " RETURNING id")
        .bind("n", name)
        .mapTo(Long.class)
        .one();
  }

  /** The dataset URIs added to each of these aliases so far (an alias nothing was added to maps to no URI). */
  public Map<String, java.util.Set<String>> aliasMembers(Handle h, java.util.Collection<String> aliases) {
    Map<String, java.util.Set<String>> out = new java.util.HashMap<>();
    if (aliases.isEmpty()) {
      return out;
    }
    h.createQuery(
            "SELECT a.name, d.uri FROM dataset_alias a JOIN dataset_alias_dataset m ON m.alias_id = a.id"
                + " JOIN dataset d ON d.id = m.dataset_id WHERE a.name = ANY(:n)")
        .bind("n", aliases.toArray(new String[0]))
        .map((rs, c) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.TreeSet<>()).add(e.getValue()));
    return out;
  }

  /** {@link #aliasMembers(Handle, java.util.Collection)} outside a transaction. */
  public Map<String, java.util.Set<String>> aliasMembers(java.util.Collection<String> aliases) {
    return jdbi.withHandle(h -> aliasMembers(h, aliases));
  }

  /**
   * Airflow's {@code inlet_events}: all events of each dataset, and of each alias the events that came through it,
   * oldest first, at most {@code limit} (the newest) per key.
   */
  public Map<String, List<EventRow>> inletEvents(
      java.util.Collection<String> uris, java.util.Collection<String> aliases, int limit) {
    Map<String, List<EventRow>> out = new java.util.LinkedHashMap<>();
    if (uris.isEmpty() && aliases.isEmpty()) {
      return out;
    }
    jdbi.useHandle(h -> {
      for (String uri : uris) {
        out.put(uri, oldestFirst(h.createQuery(
                "SELECT e.*, d.uri FROM dataset_event e JOIN dataset d ON d.id = e.dataset_id WHERE d.uri = :u"
                    + " ORDER BY e.id DESC LIMIT :l")
            .bind("u", uri).bind("l", limit).map(DatasetStore::event).list()));
      }
      for (String alias : aliases) {
        out.put(alias, oldestFirst(h.createQuery(
                "SELECT e.*, d.uri FROM dataset_alias_event ae JOIN dataset_alias a ON a.id = ae.alias_id"
                    + " JOIN dataset_event e ON e.id = ae.event_id JOIN dataset d ON d.id = e.dataset_id"
                    + " WHERE a.name = :a ORDER BY e.id DESC LIMIT :l")
            .bind("a", alias).bind("l", limit).map(DatasetStore::event).list()));
      }
    });
    return out;
  }

  private static List<EventRow> oldestFirst(List<EventRow> newestFirst) {
    List<EventRow> out = new java.util.ArrayList<>(newestFirst);
    java.util.Collections.reverse(out);
    return out;
  }

  /** {@link #emit(Handle, String, Map, String, String, String, int, Instant)} in its own transaction. */
  public EventRow emit(String uri, Map<String, Object> extra, Instant now) {
    return jdbi.inTransaction(h -> emit(h, uri, extra, null, null, null, -1, now));
  }

  /** Whether any consumer has queued events (one cheap query, no transaction). */
  public boolean anyQueued() {
    return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM dataset_queue)").mapTo(Boolean.class).one());
  }

  /** The DAGs that have queued events. */
  public List<String> queuedDags(Handle h) {
    return h.createQuery("SELECT DISTINCT target_dag_id FROM dataset_queue ORDER BY 1").mapTo(String.class).list();
  }

  /**
   * A DAG's queued events, row-locked until the transaction ends: a second daemon deciding for the same DAG
   * waits here, then finds the rows consumed.
   */
  public List<Queued> lockQueue(Handle h, String dagId) {
    return h.createQuery(
            "SELECT q.event_id, d.uri, e.timestamp FROM dataset_queue q JOIN dataset d ON d.id = q.dataset_id"
                + " JOIN dataset_event e ON e.id = q.event_id WHERE q.target_dag_id = :d ORDER BY q.event_id"
                + " FOR UPDATE OF q")
        .bind("d", dagId)
        .map((rs, ctx) -> new Queued(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list();
  }

  /** Removes the events from the DAG's queue; with a run, records them as that run's triggering events. */
  public void consume(Handle h, String dagId, List<Queued> events, Long dagRunId) {
    for (Queued q : events) {
      h.createUpdate("DELETE FROM dataset_queue WHERE target_dag_id = :d AND event_id = :e")
          .bind("d", dagId)
          .bind("e", q.eventId())
          .execute();
      if (dagRunId != null) {
        h.createUpdate("INSERT INTO dag_run_dataset_event (dag_run_id, event_id) VALUES (:r, :e) ON CONFLICT DO NOTHING")
            .bind("r", dagRunId)
            .bind("e", q.eventId())
            .execute();
      }
    }
  }

  /** All datasets, by URI. */
  public List<DatasetRow> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM dataset ORDER BY uri").map(DatasetStore::dataset).list());
  }

  /** One dataset by URI. */
  public java.util.Optional<DatasetRow> find(String uri) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM dataset WHERE uri = :u").bind("u", uri)
        .map(DatasetStore::dataset).findOne());
  }

  /** Events, newest first, optionally of one dataset; {@code limit} rows at most. */
  public List<EventRow> events(String uri, int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT e.*, d.uri FROM dataset_event e JOIN dataset d ON d.id = e.dataset_id"
                + " WHERE CAST(:u AS text) IS NULL OR d.uri = :u ORDER BY e.id DESC LIMIT :l")
        .bind("u", uri)
        .bind("l", limit)
        .map(DatasetStore::event)
        .list());
  }

  /** A consumer DAG waiting on a dataset: its queued events of that dataset, collapsed (Airflow's queue row). */
  public record QueuedRow(String uri, String dagId, Instant createdAt) {}

  /** The waiting (DAG, dataset) pairs, optionally of one DAG and/or one dataset, by DAG then URI. */
  public List<QueuedRow> queued(String dagId, String uri) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT d.uri, q.target_dag_id, min(q.created_at) AS created_at FROM dataset_queue q"
                + " JOIN dataset d ON d.id = q.dataset_id"
                + " WHERE (CAST(:g AS text) IS NULL OR q.target_dag_id = :g) AND (CAST(:u AS text) IS NULL OR d.uri = :u)"
                + " GROUP BY d.uri, q.target_dag_id ORDER BY q.target_dag_id, d.uri")
        .bind("g", dagId)
        .bind("u", uri)
        .map((rs, c) -> new QueuedRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list());
  }

  /** Drops queued events (of one DAG and/or one dataset, queued before {@code before} if given); returns how many. */
  public int deleteQueued(String dagId, String uri, Instant before) {
    return jdbi.withHandle(h -> h.createUpdate(
            "DELETE FROM dataset_queue q USING dataset d WHERE d.id = q.dataset_id"
                + " AND (CAST(:g AS text) IS NULL OR q.target_dag_id = :g) AND (CAST(:u AS text) IS NULL OR d.uri = :u)"
                + " AND (CAST(:b AS timestamptz) IS NULL OR q.created_at < :b)")
        .bind("g", dagId)
        .bind("u", uri)
        .bind("b", before)
        .execute());
  }

  /** A DAG scheduled on a dataset, or a task that updates one ({@code taskId} null for a consumer). */
  public record Reference(String dagId, String taskId, Instant at) {}

  /**
   * The active DAGs whose schedule names {@code uri} (directly or through an alias it was added to), or their tasks
   * whose outlets name it, by DAG and task.
   */
  public List<Reference> references(String uri, boolean producers) {
    String sql = producers
        ? "SELECT d.dag_id, t ->> 'task_id' AS task_id, d.last_parsed_time FROM dag d JOIN dag_version v"
            + " ON v.dag_id = d.dag_id AND v.spec_hash = d.spec_hash, jsonb_array_elements(v.spec -> 'tasks') t"
            + " WHERE d.is_active AND jsonb_path_exists(t, '$.outlets[*] ? (@ == $u)', jsonb_build_object('u', :u))"
            + " ORDER BY 1, 2"
        : "SELECT d.dag_id, NULL AS task_id, d.last_parsed_time FROM dag d JOIN dag_version v"
            + " ON v.dag_id = d.dag_id AND v.spec_hash = d.spec_hash WHERE d.is_active"
            + " AND (jsonb_path_exists(v.spec, '$.schedule.datasets.** ? (@.uri == $u)', jsonb_build_object('u', :u))"
            + " OR EXISTS (SELECT 1 FROM dataset_alias_dataset m JOIN dataset_alias a ON a.id = m.alias_id"
            + " JOIN dataset x ON x.id = m.dataset_id WHERE x.uri = :u"
            + " AND jsonb_path_exists(v.spec, '$.schedule.datasets.** ? (@.alias == $a)', jsonb_build_object('a', a.name))))"
            + " ORDER BY 1";
    return jdbi.withHandle(h -> h.createQuery(sql).bind("u", uri)
        .map((rs, c) -> new Reference(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
        .list());
  }

  /** A run a dataset event helped create: its ids, dates and state name. */
  public record CreatedRun(String dagId, String runId, Instant logicalDate, Instant startDate, Instant endDate,
      Instant dataIntervalStart, Instant dataIntervalEnd, String state) {}

  /** The runs each of these events helped trigger, by event id. */
  public Map<Long, List<CreatedRun>> createdRuns(java.util.Collection<Long> eventIds) {
    Map<Long, List<CreatedRun>> out = new java.util.HashMap<>();
    if (eventIds.isEmpty()) {
      return out;
    }
    jdbi.useHandle(h -> h.createQuery(
            "SELECT t.event_id, r.dag_id, r.run_id, r.logical_date, r.start_date, r.end_date, r.data_interval_start,"
                + " r.data_interval_end, r.state FROM dag_run_dataset_event t JOIN dag_run r ON r.id = t.dag_run_id"
                + " WHERE t.event_id = ANY(:ids) ORDER BY r.id")
        .bind("ids", eventIds.toArray(new Long[0]))
        .map((rs, c) -> Map.entry(rs.getLong(1), new CreatedRun(rs.getString(2), rs.getString(3), instant(rs, 4),
            instant(rs, 5), instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getString(9))))
        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue())));
    return out;
  }

  private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
    java.sql.Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /** The events that triggered a run, oldest first. */
  public List<EventRow> triggeringEvents(long dagRunId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT e.*, d.uri FROM dag_run_dataset_event t JOIN dataset_event e ON e.id = t.event_id"
                + " JOIN dataset d ON d.id = e.dataset_id WHERE t.dag_run_id = :r ORDER BY e.id")
        .bind("r", dagRunId)
        .map(DatasetStore::event)
        .list());
  }

  private static DatasetRow dataset(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new DatasetRow(
        rs.getLong("id"), rs.getString("uri"), Json.readMap(rs.getString("extra")),
        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
  }

  private static EventRow event(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new EventRow(
        rs.getLong("id"), rs.getLong("dataset_id"), rs.getString("uri"),
        Json.readMap(rs.getString("extra")), rs.getString("source_dag_id"),
        rs.getString("source_task_id"), rs.getString("source_run_id"), rs.getInt("source_map_index"),
        rs.getTimestamp("timestamp").toInstant());
  }
}
