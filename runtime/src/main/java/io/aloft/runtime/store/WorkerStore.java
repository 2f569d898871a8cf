package io.aloft.runtime.store;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * The processes that run tries ({@code worker} table) and the logs they ship ({@code task_log_chunk}). A worker
 * registers when it starts, heart-beats every few seconds and says goodbye when it stops; a scheduler marks the
 * workers whose heartbeat stopped {@code lost} — one scheduler each, since the marking is one guarded update — and
 * ends their tries. Stateless and thread-safe; not in {@link Stores} (it needs only the JDBI).
 */
public final class WorkerStore {

  /** A worker as the table holds it; {@code queues} empty: every queue (a standalone daemon). */
  public record WorkerRow(String id, String hostname, long pid, Optional<Set<String>> queues, int concurrency,
      int slotsInUse, Instant startedAt, Instant heartbeatAt, String state) {}

  private final Jdbi jdbi;

  /** The {@code component_heartbeat} names: a scheduler loop, a triggerer. */
  public static final String SCHEDULER = "scheduler";
  public static final String TRIGGERER = "triggerer";

  public WorkerStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Registers (or re-registers, after a restart with the same pid) a running worker. */
  public void register(String id, String hostname, long pid, Optional<Set<String>> queues, int concurrency,
      Instant now) {
    jdbi.useHandle(h -> h.createUpdate(
            "INSERT INTO worker (id, hostname, pid, queues, concurrency, slots_in_use, started_at, heartbeat_at, state)"
                + " VALUES (:id, :h, :pid, :q, :c, 0, :n, :n, 'running') ON CONFLICT (id) DO UPDATE SET"
                + " hostname = :h, pid = :pid, queues = :q, concurrency = :c, slots_in_use = 0, started_at = :n,"
                + " heartbeat_at = :n, state = 'running'")
        .bind("id", id).bind("h", hostname).bind("pid", pid)
        .bind("q", queues.map(q -> String.join(",", new TreeSet<>(q))).orElse(null))
        .bind("c", concurrency).bind("n", now).execute());
  }

  /**
   * The worker is alive and runs {@code slotsInUse} tries. A worker marked lost (its heartbeat stopped for a while,
   * a network cut) is running again; its old tries were ended meanwhile and it stops them itself.
   */
  public void heartbeat(String id, int slotsInUse, Instant now) {
    jdbi.useHandle(h -> h.createUpdate(
            "UPDATE worker SET heartbeat_at = :n, slots_in_use = :s, state = 'running' WHERE id = :id")
        .bind("id", id).bind("s", slotsInUse).bind("n", now).execute());
  }

  /** The worker stopped cleanly (its tries ended or were handed back). */
  public void stopped(String id, Instant now) {
    jdbi.useHandle(h -> h.createUpdate(
            "UPDATE worker SET heartbeat_at = :n, slots_in_use = 0, state = 'stopped' WHERE id = :id")
        .bind("id", id).bind("n", now).execute());
  }

  /**
   * Marks lost the running workers whose last heartbeat is older than {@code staleBefore} and returns their ids;
   * of several schedulers asking at once, each lost worker is returned to one.
   */
  public List<String> markLost(Instant staleBefore) {
    return jdbi.withHandle(h -> h.createQuery(
            "UPDATE worker SET state = 'lost' WHERE state = 'running' AND heartbeat_at < :s RETURNING id")
        .bind("s", staleBefore).mapTo(String.class).list());
  }

  /** Whether the store knows this worker as running with a heartbeat after {@code since}. */
  public boolean alive(String id, Instant since) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT count(*) FROM worker WHERE id = :id AND state = 'running' AND heartbeat_at >= :s")
        .bind("id", id).bind("s", since).mapTo(Integer.class).one() > 0);
  }

  /** Every worker known, running ones first, then by id. */
  public List<WorkerRow> list() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM worker ORDER BY CASE state WHEN 'running' THEN 0 ELSE 1 END, id")
        .map((rs, ctx) -> {
          String q = rs.getString("queues");
          return new WorkerRow(rs.getString("id"), rs.getString("hostname"), rs.getLong("pid"),
              q == null ? Optional.empty() : Optional.of(Set.copyOf(Arrays.asList(q.split(",")))),
              rs.getInt("concurrency"), rs.getInt("slots_in_use"), DagRunStore.instant(rs, "started_at"),
              DagRunStore.instant(rs, "heartbeat_at"), rs.getString("state"));
        })
        .list());
  }

  /** Forgets workers that stopped or were lost before {@code before} (they keep no tries). */
  public int forgetGone(Instant before) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM worker WHERE state <> 'running' AND heartbeat_at < :b")
        .bind("b", before).execute());
  }

  /**
   * A process's {@code component} (a scheduler loop, a triggerer) last passed at {@code at}. Per process, so that a
   * web server elsewhere sees the latest of several schedulers ({@link #latestBeat}).
   */
  public void beat(String component, String id, Instant at) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO component_heartbeat (component, id, heartbeat_at) VALUES (:c, :id, :a) "
            + "ON CONFLICT (component, id) DO UPDATE SET heartbeat_at = GREATEST(component_heartbeat.heartbeat_at, :a)")
        .bind("c", component).bind("id", id).bind("a", at).execute());
  }

  /** The latest heartbeat of {@code component} of any process; empty when none ever beat (or all were forgotten). */
  public Optional<Instant> latestBeat(String component) {
    return jdbi.withHandle(h -> h.createQuery("SELECT max(heartbeat_at) AS m FROM component_heartbeat WHERE component = :c")
        .bind("c", component).map((rs, ctx) -> Optional.ofNullable(DagRunStore.instant(rs, "m"))).one());
  }

  /** Forgets the component heartbeats older than {@code before} (processes gone). */
  public int forgetBeats(Instant before) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM component_heartbeat WHERE heartbeat_at < :b")
        .bind("b", before).execute());
  }

  /** How many task instances each worker runs now, by worker id (the instances' hostname); absent: none. */
  public java.util.Map<String, Integer> runningTries() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT hostname, count(*) AS n FROM task_instance WHERE state = 'running' AND hostname IS NOT NULL"
                + " GROUP BY hostname")
        .reduceRows(new java.util.HashMap<String, Integer>(), (m, row) -> {
          m.put(row.getColumn("hostname", String.class), row.getColumn("n", Integer.class));
          return m;
        }));
  }

  /** One try as a worker's page lists it; {@code endDate} null while it runs. */
  public record RecentTry(TiKey key, int tryNumber, String state, Instant startDate, Instant endDate) {}

  /** The latest {@code limit} tries {@code hostname} started, newest first. */
  public List<RecentTry> recentTriesOf(String hostname, int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT dag_id, run_id, task_id, map_index, try_number, state, start_date, end_date FROM task_try"
                + " WHERE hostname = :h ORDER BY start_date DESC NULLS LAST LIMIT :l")
        .bind("h", hostname).bind("l", limit)
        .map((rs, ctx) -> new RecentTry(new TiKey(rs.getString("dag_id"), rs.getString("run_id"),
            rs.getString("task_id"), rs.getInt("map_index")), rs.getInt("try_number"), rs.getString("state"),
            DagRunStore.instant(rs, "start_date"), DagRunStore.instant(rs, "end_date")))
        .list());
  }

  /** A try of a task instance. */
  public record TryOf(TiKey key, int tryNumber) {}

  /** The tries {@code hostname} runs now or started or ended since {@code since} (what its log shipper follows). */
  public List<TryOf> recentTries(String hostname, Instant since) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT dag_id, run_id, task_id, map_index, try_number FROM task_try WHERE hostname = :host"
                + " AND (state = 'running' OR start_date >= :s OR end_date >= :s)")
        .bind("host", hostname).bind("s", since)
        .map((rs, ctx) -> new TryOf(new TiKey(rs.getString("dag_id"), rs.getString("run_id"), rs.getString("task_id"),
            rs.getInt("map_index")), rs.getInt("try_number")))
        .list());
  }

  /**
   * Appends the bytes of a try's log from {@code offset} on. Shipping the same chunk twice (a retried statement)
   * keeps it once. False when the task instance is gone (its run was deleted): nothing to ship to.
   */
  public boolean shipLog(TiKey k, int tryNumber, long offset, byte[] content) {
    return jdbi.withHandle(h -> {
      int n = h.createUpdate(
              "INSERT INTO task_log_chunk (dag_id, run_id, task_id, map_index, try_number, byte_offset, content)"
                  + " SELECT :d, :r, :t, :m, :try, :o, :c WHERE EXISTS (SELECT 1 FROM task_instance"
                  + " WHERE dag_id = :d AND run_id = :r AND task_id = :t AND map_index = :m) ON CONFLICT DO NOTHING")
          .bind("d", k.dagId()).bind("r", k.runId()).bind("t", k.taskId()).bind("m", k.mapIndex())
          .bind("try", tryNumber).bind("o", offset).bind("c", content).execute();
      return n > 0 || h.createQuery("SELECT count(*) FROM task_instance WHERE dag_id = :d AND run_id = :r"
              + " AND task_id = :t AND map_index = :m")
          .bind("d", k.dagId()).bind("r", k.runId()).bind("t", k.taskId()).bind("m", k.mapIndex())
          .mapTo(Integer.class).one() > 0;
    });
  }

  /** A shipped try log from byte {@code offset} on, or empty when no worker shipped any of it. */
  public Optional<byte[]> shippedLog(TiKey k, int tryNumber, long offset) {
    return jdbi.withHandle(h -> {
      List<byte[]> chunks = h.createQuery(
              "SELECT byte_offset, content FROM task_log_chunk WHERE dag_id = :d AND run_id = :r AND task_id = :t"
                  + " AND map_index = :m AND try_number = :try AND byte_offset + length(content) > :o"
                  + " ORDER BY byte_offset")
          .bind("d", k.dagId()).bind("r", k.runId()).bind("t", k.taskId()).bind("m", k.mapIndex())
          .bind("try", tryNumber).bind("o", offset)
          .map((rs, ctx) -> {
            long at = rs.getLong("byte_offset");
            byte[] c = rs.getBytes("content");
            return at >= offset ? c : Arrays.copyOfRange(c, (int) (offset - at), c.length);
          })
          .list();
      if (chunks.isEmpty()) {
        boolean any = h.createQuery("SELECT count(*) FROM task_log_chunk WHERE dag_id = :d AND run_id = :r"
                + " AND task_id = :t AND map_index = :m AND try_number = :try")
            .bind("d", k.dagId()).bind("r", k.runId()).bind("t", k.taskId()).bind("m", k.mapIndex())
            .bind("try", tryNumber).mapTo(Integer.class).one() > 0;
        return any ? Optional.of(new byte[0]) : Optional.<byte[]>empty();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      chunks.forEach(out::writeBytes);
      return Optional.of(out.toByteArray());
    });
  }
}
