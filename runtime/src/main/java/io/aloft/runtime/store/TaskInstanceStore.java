package io.aloft.runtime.store;

import io.aloft.runtime.model.TaskState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Task instances and their tries. Methods taking a {@link Handle} join the caller's transaction (the
 * scheduler makes all of one pass's decisions in one transaction); the others open their own.
 */
public final class TaskInstanceStore {

  private static final String WHERE_KEY =
      " WHERE dag_id = :d AND run_id = :r AND task_id = :t AND map_index = :m";

  private final Jdbi jdbi;

  public TaskInstanceStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  static TaskInstanceRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    double dur = rs.getDouble("duration");
    Double duration = rs.wasNull() ? null : dur; // asked at once: wasNull speaks of the last column read
    return new TaskInstanceRow(
        rs.getString("dag_id"),
        rs.getString("run_id"),
        rs.getString("task_id"),
        rs.getInt("map_index"),
        TaskState.parse(rs.getString("state")),
        rs.getInt("try_number"),
        rs.getInt("max_tries"),
        rs.getString("operator"),
        rs.getString("pool"),
        rs.getInt("pool_slots"),
        rs.getInt("priority_weight"),
        DagRunStore.instant(rs, "queued_dttm"),
        DagRunStore.instant(rs, "start_date"),
        DagRunStore.instant(rs, "end_date"),
        duration,
        DagRunStore.instant(rs, "first_start"),
        DagRunStore.instant(rs, "next_attempt_at"),
        rs.getBoolean("resume_try"),
        rs.getInt("poke_count"),
        rs.getString("hostname"),
        DagRunStore.instant(rs, "heartbeat_at"),
        rs.getString("note"),
        rs.getString("user_note"));
  }

  public List<TaskInstanceRow> listForRun(String dagId, String runId) {
    return jdbi.withHandle(h -> listForRun(h, dagId, runId));
  }

  public List<TaskInstanceRow> listForRun(Handle h, String dagId, String runId) {
    return h.createQuery(
            "SELECT * FROM task_instance WHERE dag_id = :d AND run_id = :r ORDER BY task_id, map_index")
        .bind("d", dagId)
        .bind("r", runId)
        .map(TaskInstanceStore::map)
        .list();
  }

  /**
   * The columns {@link #map} reads: the scheduler's pass reads every instance of the running runs each time, and
   * {@code ti.*} would carry their rendered fields and deferral arguments along for nothing.
   */
  private static final String ROW_COLUMNS =
      "ti.dag_id, ti.run_id, ti.task_id, ti.map_index, ti.state, ti.try_number, ti.max_tries, ti.operator, ti.pool,"
          + " ti.pool_slots, ti.priority_weight, ti.queued_dttm, ti.start_date, ti.end_date, ti.duration, ti.first_start,"
          + " ti.next_attempt_at, ti.resume_try, ti.poke_count, ti.hostname, ti.heartbeat_at, ti.note, ti.user_note";

  /** All task instances of running runs, grouped by run id key {@code dag_id + '\0' + run_id}. */
  public Map<String, List<TaskInstanceRow>> listForRunningRuns(Handle h) {
    Map<String, List<TaskInstanceRow>> out = new HashMap<>();
    h.createQuery(
            "SELECT " + ROW_COLUMNS + " FROM task_instance ti JOIN dag_run r ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id"
                + " WHERE r.state = 'running'")
        .map(TaskInstanceStore::map)
        .forEach(ti -> out.computeIfAbsent(ti.dagId() + '\0' + ti.runId(), k -> new java.util.ArrayList<>()).add(ti));
    return out;
  }

  /**
   * The task instances of the given runs only (keys {@code dag_id + '\0' + run_id}, as {@link #listForRunningRuns}
   * groups them).
   */
  public Map<String, List<TaskInstanceRow>> listForRuns(Handle h, Collection<String> runKeys) {
    Map<String, List<TaskInstanceRow>> out = new HashMap<>();
    if (runKeys.isEmpty()) {
      return out;
    }
    List<String> d = new java.util.ArrayList<>(runKeys.size());
    List<String> r = new java.util.ArrayList<>(runKeys.size());
    for (String k : runKeys) {
      int cut = k.indexOf('\0');
      d.add(k.substring(0, cut));
      r.add(k.substring(cut + 1));
    }
    h.createQuery(
            "SELECT " + ROW_COLUMNS + " FROM task_instance ti"
                + " JOIN unnest(CAST(:d AS text[]), CAST(:r AS text[])) AS k(d, r) ON ti.dag_id = k.d AND ti.run_id = k.r")
        .bindArray("d", String.class, d)
        .bindArray("r", String.class, r)
        .map(TaskInstanceStore::map)
        .forEach(ti -> out.computeIfAbsent(ti.dagId() + '\0' + ti.runId(), k -> new java.util.ArrayList<>()).add(ti));
    return out;
  }

  /**
   * What {@link #readChanged} read: this deciding pass's number (from a sequence all daemons share), the watermark to
   * ask from next time, and the instances of each running run it read (keys {@code dag_id + '\0' + run_id}; an
   * empty list for a run without any).
   */
  public record ChangedRead(long pass, String watermark, String own, Map<String, List<TaskInstanceRow>> runs) {}

  /**
   * {@link #readChanged}'s statement (binds {@code purge}, {@code w}, {@code own}, {@code kd}, {@code kr}): kept here so
   * that a test can EXPLAIN exactly it.
   */
  static final String CHANGE_READ_SQL =
      "WITH gone AS (DELETE FROM ti_change WHERE :purge AND xid < pg_snapshot_xmin(pg_current_snapshot())),"
          + " p AS (SELECT nextval('scheduler_pass') AS pass,"
          + " CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text) AS watermark,"
          + " CAST(pg_current_xact_id() AS text) AS own),"
          + " want AS (SELECT r.dag_id AS want_dag, r.run_id AS want_run FROM dag_run r WHERE r.state = 'running'"
          + " AND (CAST(:w AS text) IS NULL"
          + " OR NOT EXISTS (SELECT 1 FROM unnest(CAST(:kd AS text[]), CAST(:kr AS text[])) AS k(kd, kr)"
          + " WHERE k.kd = r.dag_id AND k.kr = r.run_id)"
          + " OR EXISTS (SELECT 1 FROM ti_change c WHERE c.dag_id = r.dag_id AND c.run_id = r.run_id"
          + " AND c.xid >= CAST(:w AS xid8) AND c.xid IS DISTINCT FROM CAST(:own AS xid8))))"
          + " SELECT p.pass, p.watermark, p.own, want.want_dag, want.want_run, " + ROW_COLUMNS + " FROM p"
          + " LEFT JOIN (want LEFT JOIN task_instance ti ON ti.dag_id = want.want_dag AND ti.run_id = want.want_run)"
          + " ON true";

  /**
   * The instances of the running runs whose instances changed in transactions that had not finished when the
   * watermark was taken (the {@code ti_change} rows a trigger writes; see V71) or that are not among {@code known};
   * of every running run with a null watermark. One statement, which also numbers the pass and, with {@code purge},
   * deletes the change rows of transactions finished before its snapshot: this read covers them, and a daemon that
   * missed a pass (another decided, and deleted rows) sees the gap in the pass numbers and must read everything.
   *
   * @param own the id of a transaction whose change rows are not changes to the caller (its last pass's: it knows
   *     what that pass wrote, which would otherwise make it read every run it queued or noted again); null: none
   * @return with this transaction's id as {@link ChangedRead#own}
   */
  public ChangedRead readChanged(Handle h, String watermark, Collection<String> known, boolean purge, String own) {
    List<String> d = new java.util.ArrayList<>(known.size());
    List<String> r = new java.util.ArrayList<>(known.size());
    for (String k : known) {
      int cut = k.indexOf('\0');
      d.add(k.substring(0, cut));
      r.add(k.substring(cut + 1));
    }
    long[] pass = {0};
    String[] next = {null};
    String[] self = {null};
    Map<String, List<TaskInstanceRow>> out = new HashMap<>();
    h.createQuery(CHANGE_READ_SQL)
        .bind("w", watermark)
        .bind("purge", purge)
        .bind("own", own)
        .bindArray("kd", String.class, d)
        .bindArray("kr", String.class, r)
        .map((rs, ctx) -> {
          pass[0] = rs.getLong("pass");
          next[0] = rs.getString("watermark");
          self[0] = rs.getString("own");
          String run = rs.getString("want_dag");
          if (run == null) {
            return null; // no run to read: the row of p alone
          }
          List<TaskInstanceRow> tis =
              out.computeIfAbsent(run + '\0' + rs.getString("want_run"), x -> new java.util.ArrayList<>());
          if (rs.getString("task_id") != null) {
            tis.add(map(rs, ctx));
          }
          return null;
        })
        .list();
    return new ChangedRead(pass[0], next[0], self[0], out);
  }

  /**
   * Deletes the change rows of transactions finished before now (see {@link #readChanged}) while no run is running:
   * writes then (a {@code db clean}, a bulk fill) would otherwise stay until the next deciding pass. When it deleted
   * any, it takes a pass number, so that a daemon whose view relied on them sees a gap and reads everything again.
   *
   * @return how many rows it deleted
   */
  public int purgeChanges(Handle h) {
    return h.createQuery(
            "WITH gone AS (DELETE FROM ti_change WHERE xid < pg_snapshot_xmin(pg_current_snapshot()) RETURNING 1),"
                + " n AS (SELECT count(*) AS n FROM gone)"
                + " SELECT n.n, CASE WHEN n.n > 0 THEN nextval('scheduler_pass') END AS pass FROM n")
        .map((rs, ctx) -> rs.getInt("n"))
        .one();
  }

  /**
   * The state of a task's instance in the run before the given logical date (depends_on_past); empty when
   * there is no earlier run or it has no such instance. A mapped task counts as done only when all are.
   */
  public Optional<TaskState> previousRunState(Handle h, String dagId, Instant before, String taskId) {
    List<TaskState> states =
        h.createQuery(
                "SELECT ti.state FROM task_instance ti WHERE ti.dag_id = :d AND ti.task_id = :t AND ti.run_id ="
                    + " (SELECT run_id FROM dag_run WHERE dag_id = :d AND logical_date < :b ORDER BY logical_date DESC LIMIT 1)")
            .bind("d", dagId)
            .bind("t", taskId)
            .bind("b", before)
            .map((rs, ctx) -> TaskState.parse(rs.getString(1)))
            .list();
    if (states.isEmpty()) {
      return Optional.empty();
    }
    return states.stream().filter(s -> s != TaskState.SUCCESS && s != TaskState.SKIPPED).findFirst().or(() -> Optional.of(TaskState.SUCCESS));
  }

  public Optional<TaskInstanceRow> get(TiKey k) {
    return jdbi.withHandle(
        h -> bindKey(h.createQuery("SELECT * FROM task_instance" + WHERE_KEY), k).map(TaskInstanceStore::map).findOne());
  }

  /** Every instance of one task across all runs (sensors that watch other tasks use this). */
  public List<TaskInstanceRow> listByTask(String dagId, String taskId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM task_instance WHERE dag_id = :d AND task_id = :t ORDER BY run_id, map_index")
                .bind("d", dagId)
                .bind("t", taskId)
                .map(TaskInstanceStore::map)
                .list());
  }

  /**
   * Sets the state of many instances that are neither running nor finished (a try that started or ended
   * meanwhile is left alone); finished states get an end date.
   */
  public void setStates(Handle h, Collection<TiKey> keys, TaskState state, Instant now, String note) {
    if (keys.isEmpty()) {
      return;
    }
    PreparedBatch b =
        h.prepareBatch(
            "UPDATE task_instance SET state = :s, note = :note, end_date = CASE WHEN :fin THEN :n ELSE end_date END,"
                + " start_date = CASE WHEN :fin THEN COALESCE(start_date, :n) ELSE start_date END"
                + WHERE_KEY
                + " AND state NOT IN ('running', 'success', 'failed', 'skipped', 'upstream_failed', 'removed')");
    for (TiKey k : keys) {
      b.bind("s", state.dbName()).bind("note", note).bind("fin", state.isFinished()).bind("n", now);
      bindKey(b, k).add();
    }
    b.execute();
  }

  /** One instance's new state and note (null: none), for {@link #setStates(Handle, Collection, Instant)}. */
  public record StateChange(TiKey key, TaskState state, String note) {}

  /**
   * {@link #setStates(Handle, Collection, TaskState, Instant, String)} for many instances and states in one
   * statement: the scheduler's pass writes all its changes with one round trip, however many runs and states they
   * span. Each key at most once (the caller keeps the last change of a key).
   */
  public void setStates(Handle h, Collection<StateChange> changes, Instant now) {
    if (changes.isEmpty()) {
      return;
    }
    int n = changes.size();
    List<String> d = new java.util.ArrayList<>(n);
    List<String> r = new java.util.ArrayList<>(n);
    List<String> t = new java.util.ArrayList<>(n);
    List<Integer> m = new java.util.ArrayList<>(n);
    List<String> s = new java.util.ArrayList<>(n);
    List<String> note = new java.util.ArrayList<>(n);
    List<Boolean> fin = new java.util.ArrayList<>(n);
    for (StateChange c : changes) {
      d.add(c.key().dagId());
      r.add(c.key().runId());
      t.add(c.key().taskId());
      m.add(c.key().mapIndex());
      s.add(c.state().dbName());
      note.add(c.note());
      fin.add(c.state().isFinished());
    }
    h.createUpdate(
            "UPDATE task_instance ti SET state = u.s, note = u.note,"
                + " end_date = CASE WHEN u.fin THEN :n ELSE ti.end_date END,"
                + " start_date = CASE WHEN u.fin THEN COALESCE(ti.start_date, :n) ELSE ti.start_date END"
                + " FROM unnest(CAST(:d AS text[]), CAST(:r AS text[]), CAST(:t AS text[]), CAST(:m AS int[]),"
                + " CAST(:s AS text[]), CAST(:note AS text[]), CAST(:fin AS boolean[])) AS u(d, r, t, m, s, note, fin)"
                + " WHERE ti.dag_id = u.d AND ti.run_id = u.r AND ti.task_id = u.t AND ti.map_index = u.m"
                + " AND ti.state NOT IN ('running', 'success', 'failed', 'skipped', 'upstream_failed', 'removed')")
        .bind("n", now)
        .bindArray("d", String.class, d)
        .bindArray("r", String.class, r)
        .bindArray("t", String.class, t)
        .bindArray("m", Integer.class, m)
        .bindArray("s", String.class, s)
        .bindArray("note", String.class, note)
        .bindArray("fin", Boolean.class, fin)
        .execute();
  }

  /** The keys of every instance (all map indexes) of these tasks in a run. */
  public List<TiKey> keysOf(Handle h, String dagId, String runId, Collection<String> taskIds) {
    if (taskIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery(
            "SELECT dag_id, run_id, task_id, map_index FROM task_instance WHERE dag_id = :d AND run_id = :r"
                + " AND task_id IN (<t>)")
        .bind("d", dagId)
        .bind("r", runId)
        .bindList("t", List.copyOf(taskIds))
        .map((rs, ctx) -> new TiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)))
        .list();
  }

  /**
   * What an admission decided, in one statement: the {@code queued} instances become queued (they hold their pool
   * slots from now on; queued date, no note) and the waiting ones get their {@code notes} (why each waits; null
   * clears one) without a change of state. Was a batch of one statement per queued instance, which fired V71's
   * statement trigger once each, and a second statement for the notes; the scheduler's pass writes only the notes
   * that changed. A key in both is queued.
   */
  public void admitted(Handle h, Collection<TiKey> queued, Map<TiKey, String> notes, Instant now) {
    if (queued.isEmpty() && notes.isEmpty()) {
      return;
    }
    int n = queued.size() + notes.size();
    List<String> d = new java.util.ArrayList<>(n);
    List<String> r = new java.util.ArrayList<>(n);
    List<String> t = new java.util.ArrayList<>(n);
    List<Integer> m = new java.util.ArrayList<>(n);
    List<Boolean> q = new java.util.ArrayList<>(n);
    List<String> note = new java.util.ArrayList<>(n);
    java.util.Set<TiKey> queuedKeys = new java.util.LinkedHashSet<>(queued);
    Map<TiKey, String> rows = new java.util.LinkedHashMap<>();
    queuedKeys.forEach(k -> rows.put(k, null));
    notes.forEach(rows::putIfAbsent);
    rows.forEach((k, v) -> {
      d.add(k.dagId());
      r.add(k.runId());
      t.add(k.taskId());
      m.add(k.mapIndex());
      q.add(queuedKeys.contains(k));
      note.add(v);
    });
    h.createUpdate(
            "UPDATE task_instance ti SET state = CASE WHEN u.q THEN 'queued' ELSE ti.state END,"
                + " queued_dttm = CASE WHEN u.q THEN :n ELSE ti.queued_dttm END, note = u.note"
                + " FROM unnest(CAST(:d AS text[]), CAST(:r AS text[]), CAST(:t AS text[]), CAST(:m AS int[]),"
                + " CAST(:q AS boolean[]), CAST(:note AS text[])) AS u(d, r, t, m, q, note)"
                + " WHERE ti.dag_id = u.d AND ti.run_id = u.r AND ti.task_id = u.t AND ti.map_index = u.m")
        .bind("n", now)
        .bindArray("d", String.class, d)
        .bindArray("r", String.class, r)
        .bindArray("t", String.class, t)
        .bindArray("m", Integer.class, m)
        .bindArray("q", Boolean.class, q)
        .bindArray("note", String.class, note)
        .execute();
  }

  /** Records a note on an instance (why it waits), without changing its state. */
  public void note(Handle h, TiKey k, String note) {
    bindKey(h.createUpdate("UPDATE task_instance SET note = :note" + WHERE_KEY).bind("note", note), k).execute();
  }

  /**
   * Claims up to {@code limit} queued instances for this host: each becomes running with its try number
   * advanced (unless it resumes its try). Rows another daemon is claiming are skipped, never taken twice.
   */
  public List<TaskInstanceRow> claimQueued(String hostname, int limit, Instant now) {
    return claimQueued(hostname, null, limit, now);
  }

  /**
   * Claims queued instances of the given queues only ({@code aloft worker --queues}); {@code queues} null: of every
   * queue (a standalone daemon, as Airflow's LocalExecutor ignores queues).
   */
  public List<TaskInstanceRow> claimQueued(String hostname, java.util.Set<String> queues, int limit, Instant now) {
    return claimQueued(jdbi, hostname, queues, limit, now);
  }

  /**
   * {@link #claimQueued(String, java.util.Set, int, Instant)} through {@code via} (the scheduler's own connection,
   * when the claim follows its pass).
   */
  public List<TaskInstanceRow> claimQueued(Jdbi via, String hostname, java.util.Set<String> queues, int limit,
      Instant now) {
    if (limit <= 0 || queues != null && queues.isEmpty()) {
      return List.of();
    }
    String ofQueues = queues == null ? "" : " AND queue = ANY(:queues)";
    // One statement, in its own implicit transaction: the claim and its try rows used to be two statements and a
    // commit, three round trips after every scheduler pass.
    return via.withHandle(
        h -> {
          org.jdbi.v3.core.statement.Query claim =
              h.createQuery(
                      "WITH c AS (UPDATE task_instance ti SET state = 'running',"
                          + " try_number = CASE WHEN ti.resume_try THEN GREATEST(ti.try_number, 1) ELSE ti.try_number + 1 END,"
                          // resume_try stays as it was until the try ends: the executor tells a resumed try so
                          + " start_date = :n, end_date = NULL, duration = NULL,"
                          + " first_start = COALESCE(ti.first_start, :n), hostname = :host, heartbeat_at = :n, note = NULL"
                          + " FROM (SELECT dag_id, run_id, task_id, map_index FROM task_instance WHERE state = 'queued'"
                          + ofQueues
                          + " ORDER BY priority_weight DESC, queued_dttm LIMIT :l FOR UPDATE SKIP LOCKED) q"
                          + " WHERE ti.dag_id = q.dag_id AND ti.run_id = q.run_id AND ti.task_id = q.task_id"
                          + " AND ti.map_index = q.map_index RETURNING ti.*),"
                          + " t AS (INSERT INTO task_try (dag_id, run_id, task_id, map_index, try_number, state, start_date,"
                          + " hostname) SELECT dag_id, run_id, task_id, map_index, try_number, 'running', :n, :host FROM c"
                          + " ON CONFLICT (dag_id, run_id, task_id, map_index, try_number)"
                          + " DO UPDATE SET state = 'running', hostname = :host)"
                          + " SELECT * FROM c")
                  .bind("n", now)
                  .bind("host", hostname)
                  .bind("l", limit);
          if (queues != null) {
            claim.bindArray("queues", String.class, List.copyOf(queues));
          }
          return claim.map(TaskInstanceStore::map).list();
        });
  }

  /**
   * Ends a running try. {@code state} is the instance's new state (success, failed, skipped,
   * up_for_retry, up_for_reschedule); {@code nextAttemptAt} says when a retry or reschedule may run.
   * Only changes the row if this host still owns the try; returns false otherwise (the try was taken
   * away, e.g. the run was stopped).
   */
  public boolean finishTry(
      Handle h, TiKey k, int tryNumber, TaskState state, Instant now, Instant nextAttemptAt, String note) {
    return finishTry(h, k, tryNumber, state, now, nextAttemptAt, note, 0);
  }

  /** As above; {@code pokeCount} is stored for a rescheduled sensor (exponential backoff counts pokes). */
  public boolean finishTry(
      Handle h, TiKey k, int tryNumber, TaskState state, Instant now, Instant nextAttemptAt, String note, int pokeCount) {
    return finishTry(h, k, tryNumber, state, now, nextAttemptAt, note, pokeCount, Map.of());
  }

  /**
   * As above, and stores the try's XComs ({@code key -> JSON}, as {@link XComStore#push(Handle, TiKey, String, String,
   * Instant)} does) in the same statement, only when the try's end was written: a try's end is on the path from one
   * task to the next, and one statement is one round trip where the end and the XCom each took one (and a try taken
   * away from this daemon stores no XCom). A single statement needs no transaction around it.
   */
  public boolean finishTry(Handle h, TiKey k, int tryNumber, TaskState state, Instant now, Instant nextAttemptAt,
      String note, int pokeCount, Map<String, String> xcoms) {
    boolean reschedule = state == TaskState.UP_FOR_RESCHEDULE;
    // Both rows in one round trip (a try's end is on the path from one task to the next): PostgreSQL runs
    // every data-modifying WITH part once, whether or not the final SELECT reads it. An ended try's own row
    // changes only with the instance's: a repeated write (after a commit whose answer a dropped connection lost)
    // leaves the end already recorded as it is.
    int n =
        bindKey(
                h.createQuery(
                        "WITH ti AS (UPDATE task_instance SET state = :s, end_date = :n,"
                            + " duration = EXTRACT(EPOCH FROM (:n - start_date)), next_attempt_at = :next,"
                            + " resume_try = :resume, note = :note, hostname = NULL, poke_count = :pokes,"
                            // a deferral's resume point is spent once its resumed try ends
                            + " next_method = NULL, next_kwargs = NULL, trigger_id = NULL, trigger_timeout = NULL"
                            + WHERE_KEY
                            + " AND state = 'running' AND try_number = :try RETURNING 1),"
                            + " tt AS (UPDATE task_try SET state = :ts, end_date = :n"
                            + WHERE_KEY
                            + " AND try_number = :try AND (state = 'running' OR EXISTS (SELECT 1 FROM ti)) RETURNING 1)"
                            + xcomPart(xcoms.size())
                            + " SELECT count(*) FROM ti")
                    .bind("s", state.dbName())
                    .bind("ts", reschedule ? "up_for_reschedule" : state.dbName())
                    .bind("n", now)
                    .bind("next", nextAttemptAt)
                    .bind("resume", reschedule)
                    .bind("pokes", pokeCount)
                    .bind("note", note)
                    .bind("try", tryNumber)
                    .bindMap(xcomArguments(xcoms)),
                k)
            .mapTo(Integer.class)
            .one();
    return n > 0;
  }

  /** The XCom part of {@link #finishTry}'s statement for {@code count} values ({@code :xk0, :xv0 ...}). */
  private static String xcomPart(int count) {
    if (count == 0) {
      return "";
    }
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < count; i++) {
      values.append(i == 0 ? "" : ", ").append("(:xk").append(i).append(", :xv").append(i).append(')');
    }
    return ", x AS (INSERT INTO xcom (dag_id, run_id, task_id, map_index, key, value, timestamp)"
        + " SELECT :d, :r, :t, :m, v.k, CAST(v.j AS jsonb), :n FROM (VALUES " + values + ") AS v(k, j)"
        + " WHERE EXISTS (SELECT 1 FROM ti)"
        + " ON CONFLICT (dag_id, run_id, task_id, map_index, key) DO UPDATE SET value = EXCLUDED.value,"
        + " timestamp = EXCLUDED.timestamp RETURNING 1)";
  }

  private static Map<String, Object> xcomArguments(Map<String, String> xcoms) {
    Map<String, Object> args = new java.util.HashMap<>();
    int i = 0;
    for (Map.Entry<String, String> e : xcoms.entrySet()) {
      args.put("xk" + i, e.getKey());
      args.put("xv" + i, e.getValue());
      i++;
    }
    return args;
  }

  /** Lets an instance run one try more than its retries allow: the try that just ended was lost, not failed. */
  public void grantOneMoreTry(Handle h, TiKey k) {
    bindKey(h.createUpdate("UPDATE task_instance SET max_tries = max_tries + 1" + WHERE_KEY), k).execute();
  }

  /** How many instances of a DAG are running now. */
  public int countRunning(String dagId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT count(*) FROM task_instance WHERE dag_id = :d AND state = 'running'")
            .bind("d", dagId).mapTo(Integer.class).one());
  }

  /** The key of one try, as {@link #runningTries} lists it. */
  public static String tryKey(TiKey k, int tryNumber) {
    return k.dagId() + '\0' + k.runId() + '\0' + k.taskId() + '\0' + k.mapIndex() + '\0' + tryNumber;
  }

  /** The tries the store says run on this host now, as {@link #tryKey}s. */
  public java.util.Set<String> runningTries(String hostname) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT dag_id, run_id, task_id, map_index, try_number FROM task_instance"
                        + " WHERE hostname = :host AND state = 'running'")
                .bind("host", hostname)
                .map((rs, ctx) -> tryKey(new TiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)), rs.getInt(5)))
                .collectIntoSet());
  }

  /** Locks and reads these instances in the caller's transaction (a clear or a mark decides on what it reads). */
  public List<TaskInstanceRow> lock(Handle h, Collection<TiKey> keys) {
    List<TaskInstanceRow> out = new java.util.ArrayList<>();
    for (TiKey k : keys) {
      bindKey(h.createQuery("SELECT * FROM task_instance" + WHERE_KEY + " FOR UPDATE"), k)
          .map(TaskInstanceStore::map)
          .findOne()
          .ifPresent(out::add);
    }
    return out;
  }

  /**
   * Clears instances for a new try (Airflow's clear): state none, retries counted afresh from the current try
   * ({@code max_tries = try_number + retries}), sensor and retry bookkeeping reset. The old tries' rows stay; a
   * running try's row is closed as failed (the executor that runs it stops it and may record its own end).
   *
   * @param retries each task's retries, by task id
   */
  public void clear(Handle h, Collection<TaskInstanceRow> tis, Map<String, Integer> retries, Instant now) {
    if (tis.isEmpty()) {
      return;
    }
    PreparedBatch b =
        h.prepareBatch(
            "UPDATE task_instance SET state = 'none', max_tries = try_number + :retries, end_date = NULL,"
                + " duration = NULL, queued_dttm = NULL, next_attempt_at = NULL, resume_try = FALSE, poke_count = 0,"
                + " first_start = NULL, hostname = NULL, heartbeat_at = NULL, note = NULL,"
                + " next_method = NULL, next_kwargs = NULL, trigger_id = NULL, trigger_timeout = NULL"
                + WHERE_KEY);
    PreparedBatch tries =
        h.prepareBatch(
            "UPDATE task_try SET state = 'failed', end_date = :n" + WHERE_KEY + " AND try_number = :try AND state = 'running'");
    boolean anyRunning = false;
    for (TaskInstanceRow ti : tis) {
      bindKey(b.bind("retries", retries.getOrDefault(ti.taskId(), 0)), ti.key()).add();
      if (ti.state() == TaskState.RUNNING) {
        bindKey(tries.bind("n", now).bind("try", ti.tryNumber()), ti.key()).add();
        anyRunning = true;
      }
    }
    b.execute();
    if (anyRunning) {
      tries.execute();
    }
  }

  /**
   * Sets instances' state by hand (mark success / failed / skipped): finished now, the scheduler's note and
   * waits dropped. A running try's row is closed with the same state; its executor stops it.
   */
  public void mark(Handle h, Collection<TaskInstanceRow> tis, TaskState state, Instant now) {
    if (tis.isEmpty()) {
      return;
    }
    PreparedBatch b =
        h.prepareBatch(
            "UPDATE task_instance SET state = :s, end_date = :n, start_date = COALESCE(start_date, :n),"
                + " duration = EXTRACT(EPOCH FROM (:n - COALESCE(start_date, :n))), next_attempt_at = NULL,"
                + " resume_try = FALSE, hostname = NULL, note = NULL,"
                + " next_method = NULL, next_kwargs = NULL, trigger_id = NULL, trigger_timeout = NULL"
                + WHERE_KEY);
    PreparedBatch tries =
        h.prepareBatch("UPDATE task_try SET state = :s, end_date = :n" + WHERE_KEY + " AND try_number = :try AND state = 'running'");
    boolean anyRunning = false;
    for (TaskInstanceRow ti : tis) {
      bindKey(b.bind("s", state.dbName()).bind("n", now), ti.key()).add();
      if (ti.state() == TaskState.RUNNING) {
        bindKey(tries.bind("s", state.dbName()).bind("n", now).bind("try", ti.tryNumber()), ti.key()).add();
        anyRunning = true;
      }
    }
    b.execute();
    if (anyRunning) {
      tries.execute();
    }
  }

  /** Sets (null: removes) a user's note on an instance; false when it does not exist. */
  public boolean setUserNote(TiKey k, String note) {
    return jdbi.withHandle(
            h -> bindKey(h.createUpdate("UPDATE task_instance SET user_note = :n" + WHERE_KEY).bind("n", note), k).execute())
        > 0;
  }

  /** The instances of these runs of a DAG, in the caller's transaction. */
  public List<TaskInstanceRow> listInRuns(Handle h, String dagId, Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery("SELECT * FROM task_instance WHERE dag_id = :d AND run_id IN (<r>) ORDER BY run_id, task_id, map_index")
        .bind("d", dagId)
        .bindList("r", List.copyOf(runIds))
        .map(TaskInstanceStore::map)
        .list();
  }

  /**
   * One page of task instances across DAGs and runs (the API's batch list); every non-empty filter must match.
   */
  public List<TaskInstanceRow> page(
      Collection<String> dagIds, Collection<String> runIds, Collection<String> taskIds, Collection<String> states,
      Collection<String> pools, int limit, int offset) {
    StringBuilder sql = new StringBuilder("SELECT * FROM task_instance WHERE TRUE");
    if (!dagIds.isEmpty()) {
      sql.append(" AND dag_id IN (<d>)");
    }
    if (!runIds.isEmpty()) {
      sql.append(" AND run_id IN (<r>)");
    }
    if (!taskIds.isEmpty()) {
      sql.append(" AND task_id IN (<t>)");
    }
    if (!states.isEmpty()) {
      sql.append(" AND state IN (<s>)");
    }
    if (!pools.isEmpty()) {
      sql.append(" AND pool IN (<p>)");
    }
    sql.append(" ORDER BY dag_id, run_id, task_id, map_index LIMIT :l OFFSET :o");
    return jdbi.withHandle(
        h -> {
          var q = h.createQuery(sql.toString()).bind("l", limit).bind("o", offset);
          bindListIf(q, "d", dagIds);
          bindListIf(q, "r", runIds);
          bindListIf(q, "t", taskIds);
          bindListIf(q, "s", states);
          bindListIf(q, "p", pools);
          return q.map(TaskInstanceStore::map).list();
        });
  }

  private static void bindListIf(org.jdbi.v3.core.statement.Query q, String name, Collection<String> values) {
    if (!values.isEmpty()) {
      q.bindList(name, List.copyOf(values));
    }
  }

  /** Replaces an unexpanded mapped instance (-1) by {@code count} instances 0..count-1. */
  public void expand(Handle h, TaskInstanceRow placeholder, int count) {
    TiKey k = placeholder.key();
    if (count == 0) {
      setStates(h, List.of(k), TaskState.SKIPPED, Instant.now(), "mapped over an empty list");
      return;
    }
    bindKey(h.createUpdate("UPDATE task_instance SET map_index = 0" + WHERE_KEY), k).execute();
    if (count == 1) {
      return;
    }
    // One statement for indexes 1..count-1 (one INSERT each fired V71's statement trigger once per index).
    h.createUpdate(
            "INSERT INTO task_instance (dag_id, run_id, task_id, map_index, state, try_number, max_tries, operator,"
                + " pool, pool_slots, priority_weight, queue) SELECT :d, :r, :t, i, 'none', 0, :mt, :o, :p, :ps, :pw,"
                // the instances of a mapped task run on the queue of its first one (the placeholder, now index 0)
                + " (SELECT queue FROM task_instance WHERE dag_id = :d AND run_id = :r AND task_id = :t AND map_index = 0)"
                + " FROM generate_series(1, :last) AS i")
        .bind("d", k.dagId())
        .bind("r", k.runId())
        .bind("t", k.taskId())
        .bind("mt", placeholder.maxTries())
        .bind("o", placeholder.operator())
        .bind("p", placeholder.pool())
        .bind("ps", placeholder.poolSlots())
        .bind("pw", placeholder.priorityWeight())
        .bind("last", count - 1)
        .execute();
  }

  /** Slots held per pool by running and queued instances: {@code pool -> [running, queued]}. */
  public Map<String, int[]> poolUsage(Handle h) {
    Map<String, int[]> out = new HashMap<>();
    h.createQuery(
            "SELECT pool, state, COALESCE(SUM(pool_slots), 0) AS used FROM task_instance"
                + " WHERE state IN ('running', 'queued') GROUP BY pool, state")
        .map(
            (rs, ctx) -> {
              int[] u = out.computeIfAbsent(rs.getString("pool"), p -> new int[2]);
              u[rs.getString("state").equals("running") ? 0 : 1] = rs.getInt("used");
              return null;
            })
        .list();
    return out;
  }

  /** Tells the store this host's tries are alive. */
  public void heartbeat(String hostname, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE task_instance SET heartbeat_at = :n WHERE hostname = :host AND state = 'running'")
                .bind("n", now)
                .bind("host", hostname)
                .execute());
  }

  /** Records what a try started outside the daemon (see {@code TaskContext.recordWork}). */
  public void recordWork(TiKey k, int tryNumber, String workId) {
    int n = jdbi.withHandle(h -> bindKey(h.createUpdate("UPDATE task_try SET work_id = :w" + WHERE_KEY + " AND try_number = :try")
        .bind("w", workId).bind("try", tryNumber), k).execute());
    if (n == 0) {
      throw new IllegalStateException("try " + tryNumber + " of " + k + " has no row to record its work in");
    }
  }

  /** What {@link #recordWork} recorded for this try, if anything. */
  public Optional<String> recordedWork(TiKey k, int tryNumber) {
    return jdbi.withHandle(h -> bindKey(h.createQuery("SELECT work_id FROM task_try" + WHERE_KEY + " AND try_number = :try")
        .bind("try", tryNumber), k).mapTo(String.class).findOne().filter(w -> w != null));
  }

  /** The tries the store says run on {@code hostname} (one daemon process). */
  public List<TaskInstanceRow> runningOn(String hostname) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM task_instance WHERE state = 'running' AND hostname = :host")
                .bind("host", hostname)
                .map(TaskInstanceStore::map)
                .list());
  }

  /** Running tries whose host stopped heart-beating before {@code staleBefore}, or that belong to {@code deadHost}. */
  public List<TaskInstanceRow> orphans(Instant staleBefore, String ownHostPrefix) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM task_instance WHERE state = 'running' AND (heartbeat_at < :s OR hostname LIKE :p)")
                .bind("s", staleBefore)
                .bind("p", ownHostPrefix + "%")
                .map(TaskInstanceStore::map)
                .list());
  }

  /** Puts an orphaned running try back in the queue to continue the same try (its work is re-attached). */
  public boolean requeueToResume(Handle h, TiKey k, int tryNumber, Instant now) {
    return bindKey(
                h.createUpdate(
                        "UPDATE task_instance SET state = 'queued', resume_try = TRUE, queued_dttm = :n, hostname = NULL"
                            + WHERE_KEY
                            + " AND state = 'running' AND try_number = :try")
                    .bind("n", now)
                    .bind("try", tryNumber),
                k)
            .execute()
        > 0;
  }

  /** The tries of one task instance, oldest first. */
  public List<TryRow> tries(TiKey k) {
    return jdbi.withHandle(
        h ->
            bindKey(
                    h.createQuery(
                        "SELECT try_number, state, start_date, end_date, hostname FROM task_try WHERE dag_id = :d"
                            + " AND run_id = :r AND task_id = :t AND map_index = :m ORDER BY try_number"),
                    k)
                .map((rs, ctx) -> new TryRow(rs.getInt("try_number"), rs.getString("state"),
                    DagRunStore.instant(rs, "start_date"), DagRunStore.instant(rs, "end_date"), rs.getString("hostname")))
                .list());
  }

  public void saveRenderedFields(TiKey k, Map<String, Object> rendered) {
    jdbi.useHandle(
        h ->
            bindKey(
                    h.createUpdate("UPDATE task_instance SET rendered_fields = CAST(:f AS jsonb)" + WHERE_KEY)
                        .bind("f", Json.write(rendered)),
                    k)
                .execute());
  }

  /**
   * The template fields as the instance's latest try rendered them (secrets masked when saved); empty before its first
   * try rendered anything.
   */
  public Map<String, Object> renderedFields(TiKey k) {
    return jdbi.withHandle(
        h ->
            bindKey(h.createQuery("SELECT COALESCE(rendered_fields::text, '{}') FROM task_instance" + WHERE_KEY), k)
                .mapTo(String.class)
                .findOne()
                .filter(json -> !json.isBlank())
                .map(Json::readMap)
                .orElse(Map.of()));
  }

  /** Saves the instance's rendered {@code map_index_template} (its name in the UI and API), as its latest try left it. */
  public void saveRenderedMapIndex(TiKey k, String rendered) {
    jdbi.useHandle(
        h ->
            bindKey(h.createUpdate("UPDATE task_instance SET rendered_map_index = :n" + WHERE_KEY).bind("n", rendered), k)
                .execute());
  }

  /**
   * The rendered map indexes of a run's instances that have one, by task id and then map index (instances whose
   * task has no {@code map_index_template}, or that have not run yet, are left out).
   */
  public Map<String, Map<Integer, String>> renderedMapIndexes(String dagId, String runId) {
    Map<String, Map<Integer, String>> out = new java.util.TreeMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT task_id, map_index, rendered_map_index FROM task_instance"
                        + " WHERE dag_id = :d AND run_id = :r AND rendered_map_index IS NOT NULL")
                .bind("d", dagId)
                .bind("r", runId)
                .map((rs, ctx) -> {
                  out.computeIfAbsent(rs.getString(1), t -> new java.util.TreeMap<>())
                      .put(rs.getInt(2), rs.getString(3));
                  return null;
                })
                .list());
    return out;
  }

  /** The instance's rendered map index, if its task has a {@code map_index_template} and a try rendered it. */
  public Optional<String> renderedMapIndex(TiKey k) {
    return jdbi.withHandle(
        h ->
            bindKey(h.createQuery("SELECT rendered_map_index FROM task_instance" + WHERE_KEY), k)
                .mapTo(String.class)
                .findOne());
  }

  /** One cell of the UI's grid: the state of one task instance. */
  public record GridCell(String runId, String taskId, int mapIndex, TaskState state) {}

  /** The states of the task instances of several runs of one DAG (the UI's grid), one narrow query. */
  public List<GridCell> gridCells(String dagId, Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT run_id, task_id, map_index, state FROM task_instance WHERE dag_id = :d AND run_id = ANY(:r)")
                .bind("d", dagId)
                .bindArray("r", String.class, runIds)
                .map((rs, ctx) -> new GridCell(rs.getString(1), rs.getString(2), rs.getInt(3), TaskState.parse(rs.getString(4))))
                .list());
  }

  /** The task instances of several runs of one DAG. */
  public List<TaskInstanceRow> listForRuns(String dagId, Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM task_instance WHERE dag_id = :d AND run_id IN (<r>)")
                .bind("d", dagId)
                .bindList("r", List.copyOf(runIds))
                .map(TaskInstanceStore::map)
                .list());
  }

  private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindKey(S s, TiKey k) {
    return s.bind("d", k.dagId()).bind("r", k.runId()).bind("t", k.taskId()).bind("m", k.mapIndex());
  }
}
