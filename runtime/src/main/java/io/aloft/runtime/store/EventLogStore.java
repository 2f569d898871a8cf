package io.aloft.runtime.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** The audit log (table {@code log}, shaped like Airflow's): append and read. Thread-safe. */
public final class EventLogStore {

  /** One audit entry. {@code extra} is a JSON document (or plain text) with the operation's details. */
  public record Entry(
      long id,
      Instant when,
      String event,
      String dagId,
      String taskId,
      String runId,
      Integer mapIndex,
      Integer tryNumber,
      String owner,
      String address,
      String extra) {}

  /** What to list: every non-null field must match (event and owner exactly, dates inclusive). */
  public record Filter(
      String dagId, String taskId, String runId, String event, String owner, Instant after, Instant before) {
    public static final Filter ALL = new Filter(null, null, null, null, null, null, null);
  }

  private final Jdbi jdbi;

  public EventLogStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Appends an entry (its id and time are ignored) and returns its id. */
  public long append(Entry e) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "INSERT INTO log (dttm, event, dag_id, task_id, run_id, map_index, try_number, owner, address, extra)"
                        + " VALUES (:w, :e, :d, :t, :r, :m, :try, :o, :a, :x) RETURNING id")
                .bind("w", e.when())
                .bind("e", e.event())
                .bind("d", e.dagId())
                .bind("t", e.taskId())
                .bind("r", e.runId())
                .bind("m", e.mapIndex())
                .bind("try", e.tryNumber())
                .bind("o", e.owner())
                .bind("a", e.address())
                .bind("x", e.extra())
                .mapTo(Long.class)
                .one());
  }

  public Optional<Entry> get(long id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT * FROM log WHERE id = :i").bind("i", id).map(EventLogStore::map).findOne());
  }

  /**
   * One page of entries matching the filter.
   *
   * @param orderColumn a column of the table, vetted by the caller
   */
  public List<Entry> page(Filter f, String orderColumn, boolean descending, int limit, int offset) {
    if (!orderColumn.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a column: " + orderColumn);
    }
    String dir = descending ? " DESC" : "";
    return jdbi.withHandle(
        h ->
            bind(h.createQuery(
                        "SELECT * FROM log" + where(f) + " ORDER BY " + orderColumn + dir + ", id" + dir
                            + " LIMIT :page_limit OFFSET :page_offset"),
                    f)
                // not :o, which the owner filter binds
                .bind("page_limit", limit)
                .bind("page_offset", offset)
                .map(EventLogStore::map)
                .list());
  }

  public int count(Filter f) {
    return jdbi.withHandle(h -> bind(h.createQuery("SELECT count(*) FROM log" + where(f)), f).mapTo(Integer.class).one());
  }

  private static String where(Filter f) {
    List<String> c = new ArrayList<>();
    if (f.dagId() != null) {
      c.add("dag_id = :d");
    }
    if (f.taskId() != null) {
      c.add("task_id = :t");
    }
    if (f.runId() != null) {
      c.add("run_id = :r");
    }
    if (f.event() != null) {
      c.add("event = :e");
    }
    if (f.owner() != null) {
      c.add("owner = :o");
    }
    if (f.after() != null) {
      c.add("dttm >= :after");
    }
    if (f.before() != null) {
      c.add("dttm <= :before");
    }
    return c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c);
  }

  /** Binds only the filter's set fields: JDBI refuses named arguments the statement does not use. */
  private static Query bind(Query q, Filter f) {
    bindIf(q, "d", f.dagId());
    bindIf(q, "t", f.taskId());
    bindIf(q, "r", f.runId());
    bindIf(q, "e", f.event());
    bindIf(q, "o", f.owner());
    bindIf(q, "after", f.after());
    bindIf(q, "before", f.before());
    return q;
  }

  private static void bindIf(Query q, String name, Object value) {
    if (value != null) {
      q.bind(name, value);
    }
  }

  private static Entry map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Entry(
        rs.getLong("id"),
        DagRunStore.instant(rs, "dttm"),
        rs.getString("event"),
        rs.getString("dag_id"),
        rs.getString("task_id"),
        rs.getString("run_id"),
        (Integer) rs.getObject("map_index"),
        (Integer) rs.getObject("try_number"),
        rs.getString("owner"),
        rs.getString("address"),
        rs.getString("extra"));
  }
}
