package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore;
import io.aloft.runtime.store.TiKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
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
 * <p>What a pass writes itself (states, queueing, notes) it applies to its staged view ({@link #stateChanges}, {@link
 * #queued}, {@link #noted}), and the next read leaves out the change rows of its transaction: at 200 runs, the notes of
 * waiting instances alone named most runs at every pass. A run with writes it does not mirror (fail_fast, a mapped
 * task's expansion) is dropped from the view ({@link #reread}) and read whole next time.
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
  /** The last committed pass's transaction id: its change rows are its own writes, already in {@link #rows}. */
  private String own;
  private Instant lastFull;
  private Staged staged;

  private record Staged(Map<String, List<TaskInstanceRow>> rows, long pass, String watermark, String own,
      Instant lastFull) {}

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
        trusted ? rows.keySet() : List.of(), true, trusted ? own : null);
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
    staged = new Staged(out, changed.pass(), changed.watermark(), changed.own(), trusted ? lastFull : now);
    return new Read(out, runsRead, !trusted);
  }

  /**
   * The pass wrote these state changes (as {@link TaskInstanceStore#setStates(Handle, java.util.Collection, Instant)}
   * does: not to a running or finished instance; a finished state gets its end date, and a start date if it had none).
   */
  void stateChanges(Collection<TaskInstanceStore.StateChange> changes, Instant now) {
    Instant at = stored(now);
    for (TaskInstanceStore.StateChange c : changes) {
      edit(c.key(), t -> {
        if (LEFT_ALONE.contains(t.state())) {
          return t;
        }
        boolean fin = c.state().isFinished();
        return row(t, c.state(), t.queuedDttm(), fin && t.startDate() == null ? at : t.startDate(),
            fin ? at : t.endDate(), c.note());
      });
    }
  }

  /** The pass queued these instances ({@link TaskInstanceStore#admitted}: state, queued date, no note). */
  void queued(Collection<TiKey> keys, Instant now) {
    Instant at = stored(now);
    keys.forEach(k -> edit(k, t -> row(t, TaskState.QUEUED, at, t.startDate(), t.endDate(), null)));
  }

  /** The pass wrote these notes ({@link TaskInstanceStore#admitted}). */
  void noted(Map<TiKey, String> notes) {
    notes.forEach((k, note) -> edit(k, t -> row(t, t.state(), t.queuedDttm(), t.startDate(), t.endDate(), note)));
  }

  /** The pass wrote to this run what the view does not mirror: the next pass reads it whole. */
  void reread(DagRunRow run) {
    if (staged != null) {
      staged.rows().remove(key(run));
    }
  }

  private static final Set<TaskState> LEFT_ALONE = EnumSet.of(TaskState.RUNNING, TaskState.SUCCESS, TaskState.FAILED,
      TaskState.SKIPPED, TaskState.UPSTREAM_FAILED, TaskState.REMOVED);

  /** Replaces one instance in the staged view (its run's list is copied: the committed view may share it). */
  private void edit(TiKey k, UnaryOperator<TaskInstanceRow> change) {
    if (staged == null) {
      return;
    }
    String runKey = k.dagId() + '\0' + k.runId();
    List<TaskInstanceRow> list = staged.rows().get(runKey);
    if (list == null) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      TaskInstanceRow t = list.get(i);
      if (t.taskId().equals(k.taskId()) && t.mapIndex() == k.mapIndex()) {
        List<TaskInstanceRow> copy = new ArrayList<>(list);
        copy.set(i, change.apply(t));
        staged.rows().put(runKey, copy);
        return;
      }
    }
  }

  /** An instant as PostgreSQL stores a bound one: rounded to microseconds (not truncated). */
  static Instant stored(Instant t) {
    return Instant.ofEpochSecond(t.getEpochSecond()).plusNanos((long) Math.rint(t.getNano() / 1000.0) * 1000);
  }

  private static TaskInstanceRow row(TaskInstanceRow t, TaskState state, Instant queued, Instant start, Instant end,
      String note) {
    return new TaskInstanceRow(
        t.dagId(), t.runId(), t.taskId(), t.mapIndex(), state, t.tryNumber(), t.maxTries(), t.operator(), t.pool(),
        t.poolSlots(), t.priorityWeight(), queued, start, end, t.duration(), t.firstStart(), t.nextAttemptAt(),
        t.resumeTry(), t.pokeCount(), t.hostname(), t.heartbeatAt(), note, t.userNote());
  }

  /** The pass's transaction committed: what it read is the view the next pass starts from. */
  void committed() {
    if (staged != null) {
      rows = staged.rows();
      pass = staged.pass();
      watermark = staged.watermark();
      own = staged.own();
      lastFull = staged.lastFull();
      staged = null;
    }
  }

  /** The pass failed, rolled back, or did not decide: the next pass reads every instance. */
  void forget() {
    rows = Map.of();
    watermark = null;
    own = null;
    lastFull = null;
    staged = null;
  }

  static String key(DagRunRow run) {
    return run.dagId() + '\0' + run.runId();
  }
}
