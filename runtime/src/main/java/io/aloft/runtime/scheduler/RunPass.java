package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore;
import io.aloft.runtime.store.TiKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run's part of a scheduler pass: makes due retries and reschedules runnable, applies trigger
 * rules, expands mapped tasks once their input is known, completes EmptyOperators without running
 * them (as Airflow does). Its state changes go to the pass's shared change list, which {@link SchedulerLoop}
 * writes in one statement for all runs at the end of the pass, in the same transaction; the rarer writes (a
 * timeout, fail_fast, a mapped task's expansion) go out at once. Not thread-safe; lives for one pass.
 */
final class RunPass {

  private static final int MAX_ROUNDS = 1000;

  private final Stores stores;
  private final org.jdbi.v3.core.Handle h;
  private final DagGraph graph;
  private final DagRunRow run;
  private final Instant now;
  private final Map<TiKey, TaskInstanceRow> rows = new LinkedHashMap<>();
  private final Map<String, Boolean> pastStates = new java.util.HashMap<>();

  /** The pass's state changes of every run, written in one statement at its end (by key: the last change wins). */
  private final Map<TiKey, TaskInstanceStore.StateChange> changes;
  /** Whether this run got writes of its own, outside {@link #changes} (fail_fast's, a mapped task's expansion). */
  private boolean wroteAlone;

  /**
   * @param changes where the pass gathers the state changes it writes at its end, in one statement for all runs
   *     (each change also updates this pass's view of the run at once, so later decisions see it)
   */
  RunPass(Stores stores, org.jdbi.v3.core.Handle h, DagGraph graph, DagRunRow run, List<TaskInstanceRow> tis, Instant now,
      Map<TiKey, TaskInstanceStore.StateChange> changes) {
    this.changes = changes;
    this.stores = stores;
    this.h = h;
    this.graph = graph;
    this.run = run;
    this.now = now;
    tis.forEach(t -> rows.put(t.key(), t));
  }

  boolean timedOut() {
    Double timeout = graph.dag().dagrunTimeoutSeconds();
    return timeout != null
        && run.startDate() != null
        && now.isAfter(run.startDate().plus(Duration.ofMillis(Math.round(timeout * 1000))));
  }

  /**
   * Skips the unfinished instances of a run past its dagrun_timeout; returns the running tries to stop (the caller
   * marks the run failed, with the pass's other ended runs).
   */
  List<TiKey> failForTimeout() {
    List<TiKey> unfinished = new ArrayList<>();
    List<TiKey> runningTries = new ArrayList<>();
    for (TaskInstanceRow t : rows.values()) {
      if (t.state() == TaskState.RUNNING) {
        runningTries.add(t.key());
      } else if (!t.state().isFinished()) {
        unfinished.add(t.key());
      }
    }
    stores.taskInstances().setStates(h, unfinished, TaskState.SKIPPED, now, "the DAG run timed out");
    return runningTries;
  }

  /**
   * {@code fail_fast}: once a task failed, fails the running instances and skips the unfinished ones (see
   * {@link FailFast}); returns the running tries to stop.
   */
  List<TiKey> stopForFailFast() {
    FailFast.Stop stop = FailFast.decide(graph, states());
    if (stop.isEmpty()) {
      return List.of();
    }
    String failed =
        rows.values().stream().filter(t -> t.state() == TaskState.FAILED).map(TaskInstanceRow::taskId).findFirst()
            .orElse("?");
    List<TaskInstanceRow> running = stop.toFail().stream().map(t -> rows.get(key(t))).toList();
    wroteAlone = true;
    stores.taskInstances().mark(h, running, TaskState.FAILED, now);
    // Said with the state, in the same transaction: the stopped try's own log line comes only once its thread ends.
    String why = "another task of the run failed (fail_fast)";
    running.forEach(t -> stores.taskInstances().note(h, t.key(), why));
    running.forEach(t -> rows.put(t.key(), withState(t, TaskState.FAILED, why)));
    stop.toSkip().forEach(t -> set(key(t), TaskState.SKIPPED, "task '%s' failed and the DAG has fail_fast".formatted(failed)));
    return running.stream().map(TaskInstanceRow::key).toList();
  }

  private TiKey key(TiState t) {
    return new TiKey(run.dagId(), run.runId(), t.taskId(), t.mapIndex());
  }

  /** Applies every change that follows from the run's current states, until nothing changes. */
  void settle() {
    releaseDueWaits();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean more = false;
      for (ReadinessPlanner.Transition tr : ReadinessPlanner.plan(graph, states(), this::pastDependsMet)) {
        TiKey key = new TiKey(run.dagId(), run.runId(), tr.taskId(), tr.mapIndex());
        TaskSpec task = graph.task(tr.taskId());
        if (tr.newState() == TaskState.SCHEDULED && task.isMapped() && tr.mapIndex() < 0) {
          expand(rows.get(key), task);
          more = true;
        } else if (tr.newState() == TaskState.SCHEDULED && isEmpty(task)) {
          set(key, TaskState.SUCCESS, null);
          more = true;
        } else {
          set(key, tr.newState(), tr.newState() == TaskState.SCHEDULED ? null : tr.reason());
        }
      }
      if (!more) {
        return;
      }
    }
  }

  /**
   * depends_on_past: the task's instance in the previous run (by logical date) succeeded, was skipped, or is
   * absent; with wait_for_downstream, so did the previous run's instances of its direct downstream tasks
   * (Airflow's are_dependents_done).
   */
  private boolean pastDependsMet(String taskId) {
    TaskSpec task = graph.task(taskId);
    if (!task.dependsOnPast()) {
      return true;
    }
    return pastStates.computeIfAbsent(taskId, t -> {
      if (!ReadinessPlanner.pastDependsMet(previousRunState(t))) {
        return false;
      }
      return !task.waitForDownstream()
          || graph.directDownstream(t).stream().allMatch(d -> ReadinessPlanner.pastDependsMet(previousRunState(d)));
    });
  }

  private TaskState previousRunState(String taskId) {
    return stores.taskInstances().previousRunState(h, run.dagId(), run.logicalDate(), taskId).orElse(null);
  }

  /**
   * Whether the pass wrote to this run's instances outside the shared change list (fail_fast stopping tries, a mapped
   * task expanded): writes the scheduler's view of the instances does not mirror.
   */
  boolean wroteAlone() {
    return wroteAlone;
  }

  /** The run's instances as this pass leaves them, in its order (what the next pass compares with, see {@link #unchanged}). */
  List<TaskInstanceRow> snapshot() {
    return List.copyOf(rows.values());
  }

  /**
   * Whether a run has nothing new to decide: its instances are exactly those, in the same states, that the last
   * pass left (so the deciders, pure functions of them, would decide nothing new), and no wait can have come due
   * meanwhile (a retry or a reschedule). Runs whose DAG has depends_on_past tasks or a dagrun_timeout are always
   * decided: what they wait for is outside their own instances.
   *
   * <p>Asked of every running run at every pass, so it compares in place, without a key per instance: the
   * instances come back in the order the last pass left them (the scheduler's view keeps each run's order), and
   * only when they do not is the comparison by key.
   */
  static boolean unchanged(List<TaskInstanceRow> last, List<TaskInstanceRow> tis) {
    if (last == null || last.size() != tis.size()) {
      return false;
    }
    for (int i = 0; i < tis.size(); i++) {
      TaskInstanceRow t = tis.get(i);
      TaskInstanceRow l = last.get(i);
      if (SchedulerLoop.isRetryWait(t.state())) {
        return false;
      }
      if (t.mapIndex() != l.mapIndex() || !t.taskId().equals(l.taskId())) {
        return unchangedInAnyOrder(last, tis);
      }
      if (t.state() != l.state()) {
        return false;
      }
    }
    return true;
  }

  private static boolean unchangedInAnyOrder(List<TaskInstanceRow> last, List<TaskInstanceRow> tis) {
    Map<TiKey, TaskState> states = new java.util.HashMap<>(last.size() * 2);
    last.forEach(t -> states.put(t.key(), t.state()));
    for (TaskInstanceRow t : tis) {
      if (states.get(t.key()) != t.state() || SchedulerLoop.isRetryWait(t.state())) {
        return false;
      }
    }
    return true;
  }

  List<TiState> states() {
    return rows.values().stream().map(t -> new TiState(t.taskId(), t.mapIndex(), t.state())).toList();
  }

  List<TaskInstanceRow> scheduled() {
    return rows.values().stream().filter(t -> t.state() == TaskState.SCHEDULED).toList();
  }

  private void releaseDueWaits() {
    for (TaskInstanceRow t : List.copyOf(rows.values())) {
      if (SchedulerLoop.isRetryWait(t.state()) && (t.nextAttemptAt() == null || !t.nextAttemptAt().isAfter(now))) {
        set(t.key(), TaskState.SCHEDULED, null);
      }
    }
  }

  private static boolean isEmpty(TaskSpec task) {
    return "java".equals(task.executor()) && "EmptyOperator".equals(task.operator());
  }

  private void set(TiKey key, TaskState state, String note) {
    changes.put(key, new TaskInstanceStore.StateChange(key, state, note));
    TaskInstanceRow t = rows.get(key);
    rows.put(key, withState(t, state, note));
  }

  private void expand(TaskInstanceRow placeholder, TaskSpec task) {
    wroteAlone = true;
    int count;
    try {
      count = MappedCount.of(task, ref -> pull(ref));
    } catch (IllegalArgumentException e) {
      set(placeholder.key(), TaskState.UPSTREAM_FAILED, e.getMessage());
      return;
    }
    stores.taskInstances().expand(h, placeholder, count);
    rows.remove(placeholder.key());
    if (count == 0) {
      rows.put(placeholder.key(), withState(placeholder, TaskState.SKIPPED, "mapped over an empty list"));
      return;
    }
    for (int i = 0; i < count; i++) {
      TaskInstanceRow r = withMapIndex(placeholder, i);
      rows.put(r.key(), r);
    }
  }

  private Optional<Object> pull(MappedCount.XComRef ref) {
    return stores.xcoms().pull(run.dagId(), run.runId(), ref.taskId(), ref.key(), null);
  }

  private static TaskInstanceRow withState(TaskInstanceRow t, TaskState s, String note) {
    return new TaskInstanceRow(
        t.dagId(), t.runId(), t.taskId(), t.mapIndex(), s, t.tryNumber(), t.maxTries(), t.operator(), t.pool(),
        t.poolSlots(), t.priorityWeight(), t.queuedDttm(), t.startDate(), t.endDate(), t.duration(), t.firstStart(),
        t.nextAttemptAt(), t.resumeTry(), t.pokeCount(), t.hostname(), t.heartbeatAt(), note, t.userNote());
  }

  private static TaskInstanceRow withMapIndex(TaskInstanceRow t, int mapIndex) {
    return new TaskInstanceRow(
        t.dagId(), t.runId(), t.taskId(), mapIndex, TaskState.NONE, 0, t.maxTries(), t.operator(), t.pool(),
        t.poolSlots(), t.priorityWeight(), null, null, null, null, null, null, false, 0, null, null, null, null);
  }
}
