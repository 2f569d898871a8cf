package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Effective priority weights, as Airflow's {@code priority_weight_total}: {@code downstream} (the
 * default) adds the weights of every task downstream, {@code upstream} of every task upstream, {@code
 * absolute} keeps the task's own; a custom {@code PriorityWeightStrategy} gives {@link TaskSpec#customWeight()}
 * (computed at parse time, with map index -1 and try 1). Higher runs first when slots are scarce.
 */
public final class PriorityWeights {

  private PriorityWeights() {}

  /** The effective weight of every task of the DAG, by task id. */
  public static Map<String, Integer> of(DagGraph graph) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (TaskSpec t : graph.dag().tasks()) {
      weights.put(t.taskId(), of(graph, t.taskId()));
    }
    return weights;
  }

  public static int of(DagGraph graph, String taskId) {
    TaskSpec task = graph.task(taskId);
    if (task.customWeight() != null) {
      // A custom PriorityWeightStrategy: get_weight ran in Python when the file was parsed.
      return task.customWeight();
    }
    String rule = task.weightRule() == null ? "downstream" : task.weightRule().toLowerCase(Locale.ROOT);
    long total = task.priorityWeight();
    switch (rule) {
      case "absolute" -> {}
      case "downstream" -> {
        for (String id : graph.allDownstream(taskId)) {
          total += graph.task(id).priorityWeight();
        }
      }
      case "upstream" -> {
        for (String id : graph.allUpstream(taskId)) {
          total += graph.task(id).priorityWeight();
        }
      }
      default ->
          throw new IllegalArgumentException(
              "task '%s' has unknown weight_rule '%s': use downstream, upstream, absolute or a PriorityWeightStrategy"
                  .formatted(taskId, task.weightRule()));
    }
    // Airflow clamps to a 32-bit database column the same way.
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, total));
  }
}
