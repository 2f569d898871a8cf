package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A running DAG run's state from its task instances, as Airflow 2.10's {@code DagRun.update_state}
 * decides it: once nothing is unfinished, failed if any leaf failed or is upstream_failed, success if
 * every leaf succeeded or was skipped (removed leaves do not count; teardown tasks count only with
 * {@code on_failure_fail_dagrun}, see {@link DagGraph#runStateLeaves}); failed when unfinished instances
 * remain but none can ever run (deadlock); otherwise still running.
 */
public final class RunStateDecider {

  /** The decided state and Airflow's reason: success, task_failure, all_tasks_deadlocked or running. */
  public record RunDecision(RunState state, String reason) {}

  private static final Set<TaskState> FAILED = EnumSet.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED);
  private static final Set<TaskState> SUCCEEDED = EnumSet.of(TaskState.SUCCESS, TaskState.SKIPPED);

  private RunStateDecider() {}

  public static RunDecision decide(DagGraph graph, Collection<TiState> tis) {
    Set<String> leaves = graph.runStateLeaves();
    List<TiState> unfinished = new ArrayList<>();
    List<TiState> leafTis = new ArrayList<>();
    for (TiState ti : tis) {
      if (!ti.state().isFinished()) {
        unfinished.add(ti);
      }
      if (leaves.contains(ti.taskId()) && ti.state() != TaskState.REMOVED) {
        leafTis.add(ti);
      }
    }
    if (unfinished.isEmpty()) {
      if (leafTis.stream().anyMatch(ti -> FAILED.contains(ti.state()))) {
        return new RunDecision(RunState.FAILED, "task_failure");
      }
      if (leafTis.stream().allMatch(ti -> SUCCEEDED.contains(ti.state()))) {
        return new RunDecision(RunState.SUCCESS, "success");
      }
    } else if (deadlocked(graph, tis, unfinished)) {
      return new RunDecision(RunState.FAILED, "all_tasks_deadlocked");
    }
    return new RunDecision(RunState.RUNNING, "running");
  }

  /**
   * No unfinished instance can make progress: none is queued, running or waiting to retry, and every
   * stateless one waits on a trigger rule that finished upstreams will never meet. Tasks with {@code
   * depends_on_past} wait on other runs, so they never count as deadlocked (as in Airflow).
   */
  private static boolean deadlocked(
      DagGraph graph, Collection<TiState> tis, List<TiState> unfinished) {
    Map<String, List<TiState>> byTask = new LinkedHashMap<>();
    for (TiState ti : tis) {
      byTask.computeIfAbsent(ti.taskId(), k -> new ArrayList<>()).add(ti);
    }
    for (TiState ti : unfinished) {
      if (!graph.contains(ti.taskId()) || graph.task(ti.taskId()).dependsOnPast()) {
        return false;
      }
      if (ti.state() != TaskState.NONE) {
        return false;
      }
      if (ReadinessPlanner.decide(graph, byTask, graph.task(ti.taskId()), ti.mapIndex())
          .changesState()) {
        return false;
      }
    }
    return true;
  }
}
