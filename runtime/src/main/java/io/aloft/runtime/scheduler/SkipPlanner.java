package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskSpec;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which tasks a branch or short-circuit task skips, as Airflow 2.10's {@code SkipMixin} decides. The
 * caller marks the returned tasks' instances of the same run skipped when they have not finished yet;
 * trigger rules then decide everything further downstream.
 */
public final class SkipPlanner {

  private SkipPlanner() {}

  /**
   * The direct downstreams of {@code branchTaskId} that the branch did not choose. A chosen id may name
   * a task group (its root tasks are followed). A direct downstream that is also downstream of a chosen
   * task is followed, not skipped (the "empty branch" straight to a join).
   *
   * @throws IllegalArgumentException when a chosen id names neither a task nor a task group
   */
  public static Set<String> branchSkips(
      DagGraph graph, String branchTaskId, Collection<String> chosenIds) {
    Set<String> follow = new LinkedHashSet<>();
    Set<String> invalid = new LinkedHashSet<>();
    for (String id : chosenIds) {
      if (graph.contains(id)) {
        follow.add(id);
      } else {
        List<String> roots = groupRoots(graph, id);
        if (roots.isEmpty()) {
          invalid.add(id);
        }
        follow.addAll(roots);
      }
    }
    if (!invalid.isEmpty()) {
      throw new IllegalArgumentException(
          "'branch_task_ids' must contain only valid task_ids. Invalid tasks found: " + invalid);
    }
    for (String id : List.copyOf(follow)) {
      follow.addAll(graph.allDownstream(id));
    }
    Set<String> skip = new LinkedHashSet<>();
    for (String down : graph.directDownstream(branchTaskId)) {
      if (!follow.contains(down)) {
        skip.add(down);
      }
    }
    return skip;
  }

  /**
   * What a short-circuit task whose condition was falsy skips: every task downstream when {@code
   * ignoreDownstreamTriggerRules} is true (Airflow's default), else only its direct downstreams.
   */
  public static Set<String> shortCircuitSkips(
      DagGraph graph, String taskId, boolean ignoreDownstreamTriggerRules) {
    return ignoreDownstreamTriggerRules
        ? graph.allDownstream(taskId)
        : new LinkedHashSet<>(graph.directDownstream(taskId));
  }

  /** The tasks of group {@code groupId} (nested groups included) with no upstream inside it. */
  private static List<String> groupRoots(DagGraph graph, String groupId) {
    List<TaskSpec> members =
        graph.dag().tasks().stream().filter(t -> inGroup(t.taskGroup(), groupId)).toList();
    Set<String> memberIds = new LinkedHashSet<>();
    members.forEach(t -> memberIds.add(t.taskId()));
    return members.stream()
        .filter(t -> t.upstream().stream().noneMatch(memberIds::contains))
        .map(TaskSpec::taskId)
        .toList();
  }

  private static boolean inGroup(String group, String groupId) {
    return group != null && (group.equals(groupId) || group.startsWith(groupId + "."));
  }
}
