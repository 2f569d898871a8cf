package io.aloft.runtime.web;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which the grid and the run page list a DAG's tasks: by depth (the longest path from a root), and within
 * one depth by the mean position of the task's upstreams, so that a task sits near what feeds it. Drawing the graph is
 * the browser's (dagre); this is only the rows' order.
 */
final class TaskOrder {

  private TaskOrder() {}

  static List<String> of(DagSpec spec) {
    Map<String, TaskSpec> byId = new HashMap<>();
    spec.tasks().forEach(t -> byId.put(t.taskId(), t));
    Map<String, Integer> depth = new HashMap<>();
    for (TaskSpec t : spec.tasks()) {
      depthOf(t.taskId(), byId, depth, 0);
    }
    int levels = depth.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    List<List<TaskSpec>> byDepth = new ArrayList<>();
    for (int i = 0; i < levels; i++) {
      byDepth.add(new ArrayList<>());
    }
    spec.tasks().forEach(t -> byDepth.get(depth.get(t.taskId())).add(t));
    Map<String, Double> position = new HashMap<>();
    List<String> order = new ArrayList<>(spec.tasks().size());
    for (List<TaskSpec> level : byDepth) {
      level.sort(Comparator.comparingDouble(t -> t.upstream().stream()
          .mapToDouble(u -> position.getOrDefault(u, 0.0)).average().orElse(0)));
      for (int r = 0; r < level.size(); r++) {
        position.put(level.get(r).taskId(), (double) r);
        order.add(level.get(r).taskId());
      }
    }
    return order;
  }

  /** Memoised; {@code guard} stops at a cycle (a DagSpec has none, but a broken one must not hang a page). */
  private static int depthOf(String id, Map<String, TaskSpec> byId, Map<String, Integer> memo, int guard) {
    Integer known = memo.get(id);
    if (known != null) {
      return known;
    }
    TaskSpec t = byId.get(id);
    int d = 0;
    if (t != null && guard < byId.size()) {
      for (String u : t.upstream()) {
        if (byId.containsKey(u)) {
          d = Math.max(d, depthOf(u, byId, memo, guard + 1) + 1);
        }
      }
    }
    memo.put(id, d);
    return d;
  }
}
