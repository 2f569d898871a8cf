package io.aloft.runtime.store;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** DAG runs. Creating a run creates its task instances in the same transaction. */
public final class DagRunStore {

  private final Jdbi jdbi;

  public DagRunStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  static DagRunRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new DagRunRow(
        rs.getLong("id"),
        rs.getString("dag_id"),
        rs.getString("run_id"),
        rs.getString("spec_hash"),
        rs.getString("run_type"),
        RunState.parse(rs.getString("state")),
        instant(rs, "logical_date"),
        instant(rs, "data_interval_start"),
        instant(rs, "data_interval_end"),
        instant(rs, "queued_at"),
        instant(rs, "start_date"),
        instant(rs, "end_date"),
        Json.readMap(rs.getString("conf")),
        rs.getBoolean("external_trigger"),
        rs.getString("note"),
        rs.getString("user_note"));
  }

  static Instant instant(ResultSet rs, String col) throws SQLException {
    Timestamp t = rs.getTimestamp(col);
    return t == null ? null : t.toInstant();
  }

  /**
   * Creates a queued run and its task instances (state none).
   *
   * @param priorityWeights effective priority weight per task id
   * @throws DuplicateRunException when the run id is taken
   */
  public DagRunRow create(NewDagRun run, DagSpec spec, Map<String, Integer> priorityWeights, Instant now) {
    try {
      return jdbi.inTransaction(h -> create(h, run, spec, priorityWeights, now));
    } catch (UnableToExecuteStatementException e) {
      if (e.getMessage() != null && e.getMessage().contains("dag_run_dag_id_run_id_key")) {
        throw new DuplicateRunException(run.dagId(), run.runId());
      }
      throw e;
    }
  }

  public DagRunRow create(Handle h, NewDagRun run, DagSpec spec, Map<String, Integer> priorityWeights, Instant now) {
    DagRunRow row =
        h.createQuery(
                "INSERT INTO dag_run (dag_id, run_id, spec_hash, run_type, state, logical_date, data_interval_start,"
                    + " data_interval_end, queued_at, conf, external_trigger) VALUES (:d, :r, :h, :t, 'queued', :ld,"
                    + " :s, :e, :now, CAST(:c AS jsonb), :x) RETURNING *")
            .bind("d", run.dagId())
            .bind("r", run.runId())
            .bind("h", run.specHash())
            .bind("t", run.runType())
            .bind("ld", run.logicalDate())
            .bind("s", run.dataIntervalStart())
            .bind("e", run.dataIntervalEnd())
            .bind("now", now)
            .bind("c", Json.write(run.conf() == null ? Map.of() : run.conf()))
            .bind("x", run.externalTrigger())
            .map(DagRunStore::map)
            .one();
    if (spec.tasks().isEmpty()) {
      return row;
    }
    // One statement for all instances: a batch of one INSERT per task fired V71's statement trigger once per task,
    // which a 1,000-task fan-out paid at every trigger of a run.
    int n = spec.tasks().size();
    List<String> t = new java.util.ArrayList<>(n);
    List<Integer> m = new java.util.ArrayList<>(n);
    List<String> o = new java.util.ArrayList<>(n);
    List<String> p = new java.util.ArrayList<>(n);
    List<Integer> ps = new java.util.ArrayList<>(n);
    List<Integer> pw = new java.util.ArrayList<>(n);
    List<String> q = new java.util.ArrayList<>(n);
    for (TaskSpec task : spec.tasks()) {
      t.add(task.taskId());
      m.add(task.retries());
      o.add(task.operator());
      p.add(task.pool());
      ps.add(task.poolSlots());
      pw.add(priorityWeights.getOrDefault(task.taskId(), task.priorityWeight()));
      q.add(task.queueName());
    }
    h.createUpdate(
            "INSERT INTO task_instance (dag_id, run_id, task_id, map_index, state, try_number, max_tries, operator,"
                + " pool, pool_slots, priority_weight, queue) SELECT :d, :r, u.t, -1, 'none', 0, u.m, u.o, u.p, u.ps,"
                + " u.pw, u.q FROM unnest(CAST(:t AS text[]), CAST(:m AS int[]), CAST(:o AS text[]), CAST(:p AS text[]),"
                + " CAST(:ps AS int[]), CAST(:pw AS int[]), CAST(:q AS text[])) AS u(t, m, o, p, ps, pw, q)")
        .bind("d", run.dagId())
        .bind("r", run.runId())
        .bindArray("t", String.class, t)
        .bindArray("m", Integer.class, m)
        .bindArray("o", String.class, o)
        .bindArray("p", String.class, p)
        .bindArray("ps", Integer.class, ps)
        .bindArray("pw", Integer.class, pw)
        .bindArray("q", String.class, q)
        .execute();
    return row;
  }

  public Optional<DagRunRow> get(String dagId, String runId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM dag_run WHERE dag_id = :d AND run_id = :r")
                .bind("d", dagId)
                .bind("r", runId)
                .map(DagRunStore::map)
                .findOne());
  }

  /** Runs of a DAG, newest logical date first. */
  public List<DagRunRow> list(String dagId, int limit, int offset) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM dag_run WHERE dag_id = :d ORDER BY logical_date DESC, id DESC LIMIT :l OFFSET :o")
                .bind("d", dagId)
                .bind("l", limit)
                .bind("o", offset)
                .map(DagRunStore::map)
                .list());
  }

  public int count(String dagId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT count(*) FROM dag_run WHERE dag_id = :d").bind("d", dagId).mapTo(Integer.class).one());
  }

  /** Runs in any of these states, oldest first (the scheduler's working set). */
  public List<DagRunRow> inStates(Handle h, Collection<RunState> states) {
    return h.createQuery("SELECT * FROM dag_run WHERE state IN (<s>) ORDER BY logical_date, id")
        .bindList("s", states.stream().map(RunState::airflowName).toList())
        .map(DagRunStore::map)
        .list();
  }

  /** A run as a caller read it, with the version of its row then (see {@link #activeIfLocked}). */
  public record KnownRun(String version, DagRunRow row) {}

  /**
   * Takes the transaction-scoped advisory lock {@code lockKey} if free and, only then, reads the queued and running
   * runs, oldest first — {@link #inStates} behind the scheduler's deciders' lock in one round trip instead of two;
   * empty when another transaction holds the lock.
   *
   * <p>{@code known} is the caller's view of the active runs from its last call, which this brings up to date: a run
   * whose row has not changed since is not decoded again but taken from it, runs no longer active leave it. A row's
   * version is its tuple's {@code xmin} and {@code ctid}: any update makes a new tuple, with the updating
   * transaction's id and a new place. The scheduler asks at every pass, and its 200 active runs' rows seldom change
   * between two: decoding them all (six timestamps, conf) was a tenth of what the daemon allocated. (Leaving the
   * unchanged rows out of the answer instead, with the known versions sent as arrays, cost more on the server than
   * it saved: 3 ms against 0.6 ms at 200 runs.) The view holds only rows as the database committed them, or as this
   * transaction left them, whatever becomes of the caller's transaction, so a rolled-back pass leaves it right.
   */
  public Optional<List<DagRunRow>> activeIfLocked(Handle h, long lockKey, Map<Long, KnownRun> known) {
    List<DagRunRow> runs = new java.util.ArrayList<>();
    Map<Long, KnownRun> seen = new java.util.HashMap<>();
    boolean[] locked = {false};
    // a volatile function in a CTE runs once (the CTE is not inlined): one try of the lock, whatever the rows
    h.createQuery("WITH l AS (SELECT pg_try_advisory_xact_lock(:k) AS got)"
            + " SELECT l.got AS got_lock, CAST(r.xmin AS text) || '/' || CAST(r.ctid AS text) AS version, r.*"
            + " FROM l LEFT JOIN dag_run r ON l.got AND r.state IN ('queued', 'running')"
            + " ORDER BY r.logical_date, r.id")
        .bind("k", lockKey)
        .map((rs, ctx) -> {
          locked[0] = rs.getBoolean("got_lock");
          long id = rs.getLong("id");
          if (rs.wasNull()) {
            return null;
          }
          String version = rs.getString("version");
          KnownRun k = known.get(id);
          if (k == null || !k.version().equals(version)) {
            k = new KnownRun(version, map(rs, ctx));
          }
          seen.put(id, k);
          return k.row();
        })
        .forEach(r -> {
          if (r != null) {
            runs.add(r);
          }
        });
    if (!locked[0]) {
      return Optional.empty(); // nothing read: the caller's view stays as it was
    }
    known.clear();
    known.putAll(seen);
    return Optional.of(runs);
  }

  /** Whether any run is queued or running: an idle scheduler pass asks only this (the partial index answers). */
  public boolean anyActive() {
    return jdbi.withHandle(h -> anyActive(h));
  }

  /** {@link #anyActive()} on the caller's handle. */
  public boolean anyActive(Handle h) {
    return h.createQuery("SELECT EXISTS (SELECT 1 FROM dag_run WHERE state IN ('queued', 'running'))")
        .mapTo(Boolean.class).one();
  }

  public List<DagRunRow> inStates(Collection<RunState> states) {
    return jdbi.withHandle(h -> inStates(h, states));
  }

  /** The newest automated (scheduled) run of a DAG, to continue its schedule from. */
  public Optional<DagRunRow> latestScheduled(Handle h, String dagId) {
    return h.createQuery(
            "SELECT * FROM dag_run WHERE dag_id = :d AND run_type = 'scheduled' ORDER BY logical_date DESC LIMIT 1")
        .bind("d", dagId)
        .map(DagRunStore::map)
        .findOne();
  }

  public boolean existsAt(Handle h, String dagId, Instant logicalDate) {
    return h.createQuery("SELECT count(*) FROM dag_run WHERE dag_id = :d AND logical_date = :l")
            .bind("d", dagId)
            .bind("l", logicalDate)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /** Starts these queued runs, in one statement (a pass that starts 200 runs sent 200 before). */
  public void markRunning(Handle h, Collection<Long> ids, Instant now) {
    if (ids.isEmpty()) {
      return;
    }
    h.createUpdate("UPDATE dag_run SET state = 'running', start_date = COALESCE(start_date, :n) WHERE id = ANY(:i)")
        .bind("n", now)
        .bindArray("i", Long.class, List.copyOf(ids))
        .execute();
  }

  public void finish(Handle h, long id, RunState state, Instant now, String note) {
    h.createUpdate("UPDATE dag_run SET state = :s, end_date = :n, note = COALESCE(:note, note) WHERE id = :i")
        .bind("s", state.airflowName())
        .bind("n", now)
        .bind("note", note)
        .bind("i", id)
        .execute();
  }

  /** A run the scheduler's pass finished: its end state and a note (null: keep the run's own). */
  public record Finish(long id, RunState state, String note) {}

  /**
   * {@link #finish} for all the runs a scheduler pass ended, in one statement (at 200 active runs several end in
   * the same pass, and one statement each was one round trip each).
   */
  public void finishAll(Handle h, Collection<Finish> runs, Instant now) {
    if (runs.isEmpty()) {
      return;
    }
    List<Long> ids = new java.util.ArrayList<>(runs.size());
    List<String> states = new java.util.ArrayList<>(runs.size());
    List<String> notes = new java.util.ArrayList<>(runs.size());
    for (Finish f : runs) {
      ids.add(f.id());
      states.add(f.state().airflowName());
      notes.add(f.note());
    }
    h.createUpdate(
            "UPDATE dag_run r SET state = u.s, end_date = :n, note = COALESCE(u.note, r.note)"
                + " FROM unnest(CAST(:i AS bigint[]), CAST(:s AS text[]), CAST(:note AS text[])) AS u(i, s, note)"
                + " WHERE r.id = u.i")
        .bind("n", now)
        .bindArray("i", Long.class, ids)
        .bindArray("s", String.class, states)
        .bindArray("note", String.class, notes)
        .execute();
  }

  /** Sets a run's state by hand (the API's PATCH and the UI's mark success/failed). */
  public boolean setState(String dagId, String runId, RunState state, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE dag_run SET state = :s, end_date = CASE WHEN :fin THEN CAST(:n AS TIMESTAMPTZ) ELSE NULL END"
                            + " WHERE dag_id = :d AND run_id = :r")
                    .bind("s", state.airflowName())
                    .bind("fin", state.isFinished())
                    .bind("n", now)
                    .bind("d", dagId)
                    .bind("r", runId)
                    .execute())
        > 0;
  }

  /**
   * A DAG's runs whose logical date lies in [from, to] (either null: open), oldest first; with {@code runId}, that
   * run only (and the dates still apply).
   */
  public List<DagRunRow> between(Handle h, String dagId, Instant from, Instant to) {
    return h.createQuery(
            "SELECT * FROM dag_run WHERE dag_id = :d AND (CAST(:f AS TIMESTAMPTZ) IS NULL OR logical_date >= :f)"
                + " AND (CAST(:t AS TIMESTAMPTZ) IS NULL OR logical_date <= :t) ORDER BY logical_date, id")
        .bind("d", dagId)
        .bind("f", from)
        .bind("t", to)
        .map(DagRunStore::map)
        .list();
  }

  /** Puts cleared runs back in the queue (Airflow's clear with reset_dag_runs): the scheduler starts them anew. */
  public void requeue(Handle h, Collection<String> runIds, String dagId, Instant now) {
    if (runIds.isEmpty()) {
      return;
    }
    h.createUpdate(
            "UPDATE dag_run SET state = 'queued', queued_at = :n, start_date = NULL, end_date = NULL,"
                + " clear_number = clear_number + 1 WHERE dag_id = :d AND run_id IN (<r>)")
        .bind("n", now)
        .bind("d", dagId)
        .bindList("r", List.copyOf(runIds))
        .execute();
  }

  /**
   * Locks a run's row for the rest of {@code h}'s transaction (false: no such run). Take it before the run's task
   * instances: the scheduler updates a run before its instances, and the other order deadlocks with it.
   */
  public boolean lock(Handle h, String dagId, String runId) {
    return h.createQuery("SELECT 1 FROM dag_run WHERE dag_id = :d AND run_id = :r FOR UPDATE")
        .bind("d", dagId)
        .bind("r", runId)
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  /** Sets a run's state by hand in the caller's transaction; false when the run does not exist. */
  public boolean setState(Handle h, String dagId, String runId, RunState state, Instant now) {
    return h.createUpdate(
                "UPDATE dag_run SET state = :s, end_date = CASE WHEN :fin THEN CAST(:n AS TIMESTAMPTZ) ELSE NULL END,"
                    + " queued_at = CASE WHEN :s = 'queued' THEN CAST(:n AS TIMESTAMPTZ) ELSE queued_at END"
                    + " WHERE dag_id = :d AND run_id = :r")
            .bind("s", state.airflowName())
            .bind("fin", state.isFinished())
            .bind("n", now)
            .bind("d", dagId)
            .bind("r", runId)
            .execute()
        > 0;
  }

  /** Sets (null: removes) a user's note on a run; false when it does not exist. */
  public boolean setUserNote(String dagId, String runId, String note) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE dag_run SET user_note = :n WHERE dag_id = :d AND run_id = :r")
                    .bind("n", note)
                    .bind("d", dagId)
                    .bind("r", runId)
                    .execute())
        > 0;
  }

  /** The logical dates at which a DAG has runs in [from, to], with their run ids (backfill skips or resets them). */
  public Map<Instant, DagRunRow> byLogicalDate(String dagId, Instant from, Instant to) {
    Map<Instant, DagRunRow> out = new java.util.TreeMap<>();
    jdbi.useHandle(h -> between(h, dagId, from, to).forEach(r -> out.putIfAbsent(r.logicalDate(), r)));
    return out;
  }

  public boolean delete(String dagId, String runId) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM dag_run WHERE dag_id = :d AND run_id = :r")
                    .bind("d", dagId)
                    .bind("r", runId)
                    .execute())
        > 0;
  }

  /** Whether no scheduled run of the DAG has a later logical date than this run (LatestOnlyOperator). */
  public boolean isLatestScheduled(String dagId, String runId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT NOT EXISTS (SELECT 1 FROM dag_run o, dag_run r WHERE r.dag_id = :d AND r.run_id = :r"
                        + " AND o.dag_id = :d AND o.run_type = 'scheduled' AND o.logical_date > r.logical_date)")
                .bind("d", dagId)
                .bind("r", runId)
                .mapTo(Boolean.class)
                .one());
  }

  /** Counts a DAG's queued and running runs (max_active_runs bounds both when creating scheduled runs). */
  public int countActive(Handle h, String dagId) {
    return h.createQuery("SELECT count(*) FROM dag_run WHERE dag_id = :d AND state IN ('queued', 'running')")
        .bind("d", dagId)
        .mapTo(Integer.class)
        .one();
  }

  /** Counts a DAG's runs in the running state (for max_active_runs). */
  public int countRunning(Handle h, String dagId) {
    return h.createQuery("SELECT count(*) FROM dag_run WHERE dag_id = :d AND state = 'running'")
        .bind("d", dagId)
        .mapTo(Integer.class)
        .one();
  }

  /**
   * One page of runs for the API and UI ({@code dagId} null: every DAG). {@code orderColumn} must be one
   * of the table's columns, vetted by the caller; ties break by id.
   */
  public List<DagRunRow> page(
      String dagId, Collection<String> states, String orderColumn, boolean descending, int limit, int offset) {
    if (!orderColumn.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a column: " + orderColumn);
    }
    String dir = descending ? " DESC" : "";
    return jdbi.withHandle(h -> {
      var q = h.createQuery("SELECT * FROM dag_run WHERE " + dagCondition(dagId)
              + (states.isEmpty() ? "" : " AND state IN (<s>)")
              + " ORDER BY " + orderColumn + dir + ", id" + dir + " LIMIT :l OFFSET :o")
          .bindList(org.jdbi.v3.core.statement.EmptyHandling.NULL_KEYWORD, "s", List.copyOf(states))
          .bind("l", limit)
          .bind("o", offset);
      return (dagId == null ? q : q.bind("d", dagId)).map(DagRunStore::map).list();
    });
  }

  /**
   * One DAG's runs or all of them, as two statements: a single {@code (:d IS NULL OR dag_id = :d)} gets one generic
   * plan once the driver prepares it on the server, and that plan cannot use the dag_id indexes (a scan of every run).
   */
  private static String dagCondition(String dagId) {
    return dagId == null ? "TRUE" : "dag_id = :d";
  }

  /** How many runs {@link #page} pages over. */
  public int count(String dagId, Collection<String> states) {
    return jdbi.withHandle(h -> {
      var q = h.createQuery("SELECT count(*) FROM dag_run WHERE " + dagCondition(dagId)
              + (states.isEmpty() ? "" : " AND state IN (<s>)"))
          .bindList(org.jdbi.v3.core.statement.EmptyHandling.NULL_KEYWORD, "s", List.copyOf(states));
      return (dagId == null ? q : q.bind("d", dagId)).mapTo(Integer.class).one();
    });
  }

  /** The newest {@code n} runs of every DAG, newest first per DAG (the UI's DAG list). */
  public Map<String, List<DagRunRow>> latestPerDag(int n) {
    Map<String, List<DagRunRow>> out = new java.util.HashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT r.* FROM dag d CROSS JOIN LATERAL (SELECT * FROM dag_run WHERE dag_id = d.dag_id"
                        + " ORDER BY logical_date DESC, id DESC LIMIT :n) r")
                .bind("n", n)
                .map(DagRunStore::map)
                .forEach(r -> out.computeIfAbsent(r.dagId(), k -> new java.util.ArrayList<>()).add(r)));
    return out;
  }

  /** Run counts per DAG and state: {@code dag_id -> state -> count}. */
  public Map<String, Map<String, Integer>> stateCounts() {
    Map<String, Map<String, Integer>> out = new java.util.HashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT dag_id, state, count(*) AS n FROM dag_run GROUP BY dag_id, state")
                .map((rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>()).put(rs.getString(2), rs.getInt(3)))
                .list());
    return out;
  }
}
