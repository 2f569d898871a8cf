package io.aloft.runtime.app;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.DagGraph;
import io.aloft.runtime.scheduler.InvalidConfException;
import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DuplicateRunException;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DAG runs: trigger, list, read, set a run's state, notes, delete, backfill. Every change is recorded in the audit
 * log. Thread-safe.
 */
public final class Runs {

  private final Stores stores;
  private final RunTrigger trigger;
  private final SchedulerSignal scheduler;
  private final Clock clock;
  private final EventLogs events;
  private final TaskInstances taskInstances;

  Runs(Stores stores, RunTrigger trigger, SchedulerSignal scheduler, Clock clock, EventLogs events,
      TaskInstances taskInstances) {
    this.stores = stores;
    this.trigger = trigger;
    this.scheduler = scheduler;
    this.clock = clock;
    this.events = events;
    this.taskInstances = taskInstances;
  }

  /**
   * Triggers a manual run (UI, API, CLI), wakes the scheduler and records a {@code trigger} event.
   *
   * @param runId the run id, or null for Airflow's {@code manual__<logical date>}
   * @param logicalDate the logical date, or null for now
   * @throws UnknownDagException when no DAG has this id
   * @throws InvalidConfException when the conf violates the DAG's params
   * @throws DuplicateRunException when the run id is taken
   */
  public DagRunRow trigger(Actor actor, String dagId, String runId, Map<String, Object> conf, Instant logicalDate) {
    actor.require(Permission.create(Permission.DAG_RUNS));
    DagRunRow run = trigger.trigger(dagId, runId, conf, logicalDate);
    events.record(actor, "trigger", EventLogs.Subject.run(dagId, run.runId()), Map.of("conf", run.conf()));
    return run;
  }

  public Optional<DagRunRow> get(String dagId, String runId) {
    return stores.runs().get(dagId, runId);
  }

  /** Runs of a DAG, newest logical date first. */
  public List<DagRunRow> list(String dagId, int limit, int offset) {
    return stores.runs().list(dagId, limit, offset);
  }

  /**
   * One page of runs ({@code dagId} null: every DAG), in any of {@code states} (none: all).
   *
   * @param orderColumn a column of the run table, vetted by the caller
   */
  public List<DagRunRow> page(
      String dagId, Collection<String> states, String orderColumn, boolean descending, int limit, int offset) {
    return stores.runs().page(dagId, states, orderColumn, descending, limit, offset);
  }

  /** How many runs {@link #page} would list without paging. */
  public int count(String dagId, Collection<String> states) {
    return stores.runs().count(dagId, states);
  }

  /** Each DAG's newest {@code n} runs. */
  public Map<String, List<DagRunRow>> latestPerDag(int n) {
    return stores.runs().latestPerDag(n);
  }

  /** Per DAG, how many runs are in each state. */
  public Map<String, Map<String, Integer>> stateCounts() {
    return stores.runs().stateCounts();
  }

  /**
   * Sets a run's state by hand (the API's PATCH, the UI's and CLI's marking), the one place that does, with its
   * task instances as Airflow 2.10 does: <b>success</b> marks every instance that has not succeeded success;
   * <b>failed</b> marks running instances failed and those still to run skipped; <b>queued</b> changes the run only
   * (the scheduler runs it again). Running teardowns are left to finish their work. The daemon that runs a try whose
   * instance was marked stops it within a second. A run cannot be set running — only the scheduler starts a run.
   * Wakes the scheduler and records a {@code run_mark_<state>} event.
   *
   * @return the run as it is now
   * @throws IllegalArgumentException when the state is {@code running}
   * @throws java.util.NoSuchElementException when the run does not exist
   */
  public DagRunRow setState(Actor actor, String dagId, String runId, RunState state) {
    actor.require(Permission.edit(Permission.DAG_RUNS));
    if (state == RunState.RUNNING) {
      throw new IllegalArgumentException("a run's state can be set to queued, success or failed, not running");
    }
    Instant now = clock.instant();
    List<TaskInstanceRow> marked = new java.util.ArrayList<>();
    boolean found = stores.inTransaction(h -> {
      marked.clear(); // a retried attempt starts over
      // the run's row before its instances, in the scheduler's order (the reverse deadlocked with it)
      if (!stores.runs().lock(h, dagId, runId)) {
        return false;
      }
      DagRunRow run = stores.runs().get(dagId, runId).orElse(null);
      if (run == null) {
        return false;
      }
      if (state != RunState.QUEUED) {
        DagGraph graph = DagGraph.of(stores.dags().spec(dagId, run.specHash()));
        List<TaskInstanceRow> toSuccess = new java.util.ArrayList<>();
        List<TaskInstanceRow> toFailed = new java.util.ArrayList<>();
        List<TaskInstanceRow> toSkipped = new java.util.ArrayList<>();
        for (TaskInstanceRow ti : stores.taskInstances().lock(h, keys(stores.taskInstances().listForRun(h, dagId, runId)))) {
          boolean runningTeardown = ti.state() == TaskState.RUNNING && graph.contains(ti.taskId()) && graph.task(ti.taskId()).teardown();
          if (runningTeardown) {
            continue;
          }
          if (state == RunState.SUCCESS && ti.state() != TaskState.SUCCESS) {
            toSuccess.add(ti);
          } else if (state == RunState.FAILED && ti.state() == TaskState.RUNNING) {
            toFailed.add(ti);
          } else if (state == RunState.FAILED && !ti.state().isFinished()) {
            toSkipped.add(ti);
          }
        }
        stores.taskInstances().mark(h, toSuccess, TaskState.SUCCESS, now);
        stores.taskInstances().mark(h, toFailed, TaskState.FAILED, now);
        stores.taskInstances().mark(h, toSkipped, TaskState.SKIPPED, now);
        marked.addAll(toSuccess);
        marked.addAll(toFailed);
        marked.addAll(toSkipped);
      }
      return stores.runs().setState(h, dagId, runId, state, now);
    });
    if (!found) {
      throw new java.util.NoSuchElementException("no run '" + runId + "' of DAG '" + dagId + "'");
    }
    scheduler.wake();
    events.record(actor, "run_mark_" + state.airflowName(), EventLogs.Subject.run(dagId, runId),
        Map.of("task_instances", TaskInstances.refs(marked)));
    return get(dagId, runId).orElseThrow();
  }

  /**
   * Sets (empty or null: removes) a user's note on a run and records a {@code set_note} event.
   *
   * @return the run as it is now
   * @throws java.util.NoSuchElementException when the run does not exist
   */
  public DagRunRow setNote(Actor actor, String dagId, String runId, String note) {
    actor.require(Permission.edit(Permission.DAG_RUNS));
    String value = note == null || note.isEmpty() ? null : note;
    if (!stores.runs().setUserNote(dagId, runId, value)) {
      throw new java.util.NoSuchElementException("no run '" + runId + "' of DAG '" + dagId + "'");
    }
    events.record(actor, "set_note", EventLogs.Subject.run(dagId, runId), java.util.Collections.singletonMap("note", value));
    return get(dagId, runId).orElseThrow();
  }

  /** Deletes a run and its task instances (recorded in the audit log); false when it did not exist. */
  public boolean delete(Actor actor, String dagId, String runId) {
    actor.require(Permission.delete(Permission.DAG_RUNS));
    boolean deleted = stores.runs().delete(dagId, runId);
    if (deleted) {
      events.record(actor, "run_delete", EventLogs.Subject.run(dagId, runId), Map.of());
    }
    return deleted;
  }

  /** What a backfill did (or would do) at one logical date. */
  public record BackfillStep(Instant logicalDate, String runId, String action) {}

  /**
   * Backfills a DAG (Airflow's {@code dags backfill}): one {@code backfill} run for each logical date of the DAG's
   * timetable in [start, end] — the daemon's scheduler runs them, oldest first, within the DAG's max_active_runs. A
   * date that already has a run keeps it, unless {@code resetDagRuns} (every instance cleared, the run queued again)
   * or {@code rerunFailedTasks} (its failed instances cleared). Records a {@code backfill} event unless a dry run.
   *
   * @param limit create at most this many runs (0: no limit); the caller continues after them from the last date
   * @return one step per logical date, oldest first: {@code created}, {@code exists}, {@code reset},
   *     {@code rerun_failed} (or, on a dry run, what would be done)
   * @throws io.aloft.runtime.scheduler.UnknownDagException when no DAG has this id
   * @throws IllegalArgumentException when the DAG has no periodic schedule or the range is empty
   */
  public List<BackfillStep> backfill(
      Actor actor, String dagId, Instant start, Instant end, boolean resetDagRuns, boolean rerunFailedTasks, int limit,
      boolean dryRun) {
    actor.require(Permission.create(Permission.DAG_RUNS));
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("the backfill's end date " + end + " is before its start date " + start);
    }
    var dag = stores.dags().get(dagId).orElseThrow(() -> new io.aloft.runtime.scheduler.UnknownDagException(dagId));
    var spec = stores.dags().spec(dagId, dag.specHash());
    Map<Instant, DagRunRow> existing = stores.runs().byLogicalDate(dagId, start, end);
    List<BackfillStep> steps = new java.util.ArrayList<>();
    int created = 0;
    for (var info : Backfill.plan(spec, start, end)) {
      Instant date = info.logicalDate();
      DagRunRow run = existing.get(date);
      if (run == null) {
        if (limit > 0 && created >= limit) {
          break;
        }
        String runId = "backfill__" + Backfill.RUN_ID_TIME.format(date);
        if (!dryRun) {
          var interval = info.dataInterval();
          stores.runs().create(
              new io.aloft.runtime.store.NewDagRun(dagId, runId, dag.specHash(), "backfill", date, interval.start(),
                  interval.end(), Map.of(), false),
              spec, io.aloft.runtime.scheduler.PriorityWeights.of(DagGraph.of(spec)), clock.instant());
        }
        created++;
        steps.add(new BackfillStep(date, runId, "created"));
      } else if (resetDagRuns || rerunFailedTasks) {
        taskInstances.clear(actor, new ClearRequest(dagId, List.of(), null, run.runId(), null, null, !resetDagRuns, false,
            false, false, false, false, true, dryRun));
        steps.add(new BackfillStep(date, run.runId(), resetDagRuns ? "reset" : "rerun_failed"));
      } else {
        steps.add(new BackfillStep(date, run.runId(), "exists"));
      }
    }
    if (!dryRun) {
      scheduler.wake();
      events.record(actor, "backfill", EventLogs.Subject.dag(dagId),
          Map.of("start_date", start.toString(), "end_date", end.toString(), "runs", steps.size(),
              "reset_dagruns", resetDagRuns, "rerun_failed_tasks", rerunFailedTasks));
    }
    return steps;
  }

  private static List<TiKey> keys(List<TaskInstanceRow> tis) {
    return tis.stream().map(TaskInstanceRow::key).toList();
  }
}
