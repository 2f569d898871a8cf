package io.aloft.runtime.app;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.scheduler.InvalidConfException;
import io.aloft.runtime.scheduler.RunTrigger;
import io.aloft.runtime.scheduler.SchedulerSignal;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DuplicateRunException;
import io.aloft.runtime.store.Stores;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DAG runs: trigger, list, read, set a run's state, delete. Thread-safe. */
public final class Runs {

  private final Stores stores;
  private final RunTrigger trigger;
  private final SchedulerSignal scheduler;
  private final Clock clock;

  Runs(Stores stores, RunTrigger trigger, SchedulerSignal scheduler, Clock clock) {
    this.stores = stores;
    this.trigger = trigger;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /**
   * Triggers a manual run (UI, API, CLI) and wakes the scheduler.
   *
   * @param runId the run id, or null for Airflow's {@code manual__<logical date>}
   * @param logicalDate the logical date, or null for now
   * @throws UnknownDagException when no DAG has this id
   * @throws InvalidConfException when the conf violates the DAG's params
   * @throws DuplicateRunException when the run id is taken
   */
  public DagRunRow trigger(String dagId, String runId, Map<String, Object> conf, Instant logicalDate) {
    return trigger.trigger(dagId, runId, conf, logicalDate);
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
   * Sets a run's state by hand (the API's PATCH, the UI's and CLI's marking), the one place that does: a run can be
   * marked queued (the scheduler then runs it again), success or failed (finished now), never running — only the
   * scheduler starts a run. Wakes the scheduler so that it acts on the change at once.
   *
   * @return the run as it is now
   * @throws IllegalArgumentException when the state is {@code running}
   * @throws java.util.NoSuchElementException when the run does not exist
   */
  public DagRunRow setState(String dagId, String runId, RunState state) {
    if (state == RunState.RUNNING) {
      throw new IllegalArgumentException("a run's state can be set to queued, success or failed, not running");
    }
    if (!stores.runs().setState(dagId, runId, state, clock.instant())) {
      throw new java.util.NoSuchElementException("no run '" + runId + "' of DAG '" + dagId + "'");
    }
    scheduler.wake();
    return get(dagId, runId).orElseThrow();
  }

  /** Deletes a run and its task instances; false when it did not exist. */
  public boolean delete(String dagId, String runId) {
    return stores.runs().delete(dagId, runId);
  }
}
