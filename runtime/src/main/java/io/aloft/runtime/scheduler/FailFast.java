package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskState;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DAG(fail_fast=True)} (Airflow 2's {@code fail_stop}): once a task of the run has failed, the run's
 * other running tasks are failed (and their tries stopped) and the ones that have not finished are skipped, as
 * Airflow's {@code _stop_remaining_tasks} does. Teardown tasks are left to run, so that resources are still
 * cleaned up. A task waiting for a retry has not failed yet and stops nothing. Pure and stateless.
 */
final class FailFast {

  private FailFast() {}

  /** What to change: the instances to fail (running) and to skip (not yet finished). */
  record Stop(List<TiState> toFail, List<TiState> toSkip) {
    boolean isEmpty() {
      return toFail.isEmpty() && toSkip.isEmpty();
    }
  }

  static Stop decide(DagGraph graph, List<TiState> tis) {
    if (!graph.dag().failFast() || tis.stream().noneMatch(t -> t.state() == TaskState.FAILED)) {
      return new Stop(List.of(), List.of());
    }
    List<TiState> toFail = new ArrayList<>();
    List<TiState> toSkip = new ArrayList<>();
    for (TiState t : tis) {
      if (t.state().isFinished() || graph.task(t.taskId()).teardown()) {
        continue;
      }
      (t.state() == TaskState.RUNNING ? toFail : toSkip).add(t);
    }
    return new Stop(List.copyOf(toFail), List.copyOf(toSkip));
  }
}
