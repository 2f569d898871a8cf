package io.aloft.runtime.scheduler;

import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The running runs' task instances as the scheduler's last pass read them, so that a pass reads again only the runs
 * whose instances changed since: at 200 active runs of 20 tasks a pass read all 4,000 instances each time although a
 * few runs had changed. Which runs changed is not tracked in this process (a worker, the API, another daemon or psql
 * change instances too) but by a trigger on {@code task_instance} (see V71 and {@link TaskInstanceStore#readChanged}).
 *
 * <p>Correctness first: every instance is read again when this daemon has no trusted view — at its first pass, after
 * a pass of another daemon (a gap in the shared pass numbers), after a failed or rolled-back pass ({@link #forget}),
 * and every {@link #FULL_READ_EVERY} as a safety net. A run this daemon has not read yet is read whole.
 *
 * <p>Threading: the scheduler's thread only. Lifecycle: {@link #read} inside the pass's transaction stages the new
 * view; {@link #committed} after the transaction committed adopts it (a retried transaction reads again from the
 * last committed view), {@link #forget} after a failure drops it.
 */
final class InstanceCache {

  /** How often every instance is read anyway, whatever the change rows say. */
  static final Duration FULL_READ_EVERY = Duration.ofSeconds(30);

  /** What one pass read: every running run's instances (by {@code dag_id + '\0' + run_id}) and how many runs it read. */
  record Read(Map<String, List<TaskInstanceRow>> rows, int runsRead, boolean full) {}

  private final TaskInstanceStore store;
  private Map<String, List<TaskInstanceRow>> rows = Map.of();
  private long pass;
  private String watermark;
  private Instant lastFull;
  private Staged staged;

  private record Staged(Map<String, List<TaskInstanceRow>> rows, long pass, String watermark, Instant lastFull) {}

  InstanceCache(TaskInstanceStore store) {
    this.store = store;
  }

  /**
   * Every running run's instances, read from the store only for the runs that changed since the last pass (one
   * statement; a second, reading everything, only when another daemon decided in between).
   */
  Read read(Handle h, List<DagRunRow> running, Instant now) {
    boolean trusted = watermark != null && lastFull != null && now.isBefore(lastFull.plus(FULL_READ_EVERY));
    TaskInstanceStore.ChangedRead changed = store.readChanged(h, trusted ? watermark : null,
        trusted ? rows.keySet() : List.of());
    Map<String, List<TaskInstanceRow>> out;
    int runsRead;
    if (trusted && changed.pass() == pass + 1) {
      out = new HashMap<>(changed.runs());
      runsRead = out.size();
      List<String> missing = new ArrayList<>();
      for (DagRunRow run : running) {
        String key = key(run);
        if (!out.containsKey(key)) {
          List<TaskInstanceRow> known = rows.get(key);
          if (known != null) {
            out.put(key, known);
          } else {
            missing.add(key); // not expected (the statement reads every run not known), but never decided blind
          }
        }
      }
      if (!missing.isEmpty()) {
        out.putAll(store.listForRuns(h, missing));
        missing.forEach(k -> out.putIfAbsent(k, List.of()));
        runsRead += missing.size();
      }
    } else {
      out = trusted ? store.listForRunningRuns(h) : new HashMap<>(changed.runs()); // a gap: read everything
      running.forEach(r -> out.putIfAbsent(key(r), List.of()));
      runsRead = running.size();
      trusted = false;
    }
    staged = new Staged(out, changed.pass(), changed.watermark(), trusted ? lastFull : now);
    return new Read(out, runsRead, !trusted);
  }

  /** The pass's transaction committed: what it read is the view the next pass starts from. */
  void committed() {
    if (staged != null) {
      rows = staged.rows();
      pass = staged.pass();
      watermark = staged.watermark();
      lastFull = staged.lastFull();
      staged = null;
    }
  }

  /** The pass failed, rolled back, or did not decide: the next pass reads every instance. */
  void forget() {
    rows = Map.of();
    watermark = null;
    lastFull = null;
    staged = null;
  }

  static String key(DagRunRow run) {
    return run.dagId() + '\0' + run.runId();
  }
}
