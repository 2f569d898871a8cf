package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small builders for DAG specs in scheduler tests. */
final class Dags {

  private Dags() {}

  static TaskSpec task(String id, String... upstream) {
    return ruled(id, "all_success", upstream);
  }

  static TaskSpec ruled(String id, String rule, String... upstream) {
    return full(id, rule, null, "default_pool", 1, 1, "downstream", Arrays.asList(upstream));
  }

  static TaskSpec inGroup(String id, String group, String... upstream) {
    return full(id, "all_success", group, "default_pool", 1, 1, "downstream", Arrays.asList(upstream));
  }

  static TaskSpec weighted(String id, int weight, String rule, String... upstream) {
    return full(id, "all_success", null, "default_pool", 1, weight, rule, Arrays.asList(upstream));
  }

  static TaskSpec full(
      String id,
      String rule,
      String group,
      String pool,
      int poolSlots,
      int weight,
      String weightRule,
      List<String> upstream) {
    return new TaskSpec(
        id, "EmptyOperator", "EmptyOperator", "java", upstream, rule, pool, poolSlots, weight,
        weightRule, 0, 300, false, null, null, false, false, List.of(), Map.of(), null, null, group, null,
        1, true, false, "airflow", null, false, false, false);
  }

  /** A setup task. */
  static TaskSpec setup(String id, String... upstream) {
    return role(task(id, upstream), true, false, false);
  }

  /** A teardown task (trigger rule all_done_setup_success, as as_teardown() sets it). */
  static TaskSpec teardown(String id, boolean failsRun, String... upstream) {
    return role(ruled(id, "all_done_setup_success", upstream), false, true, failsRun);
  }

  private static TaskSpec role(TaskSpec t, boolean setup, boolean teardown, boolean failsRun) {
    return new TaskSpec(
        t.taskId(), t.operator(), t.operatorClass(), t.executor(), t.upstream(), t.triggerRule(), t.pool(),
        t.poolSlots(), t.priorityWeight(), t.weightRule(), 0, 300, false, null, null, false, false, List.of(),
        Map.of(), null, null, null, null, 1, true, false, "airflow", null, setup, teardown, failsRun);
  }

  /** A task of the mapped task group {@code group}, mapped over a three-element literal list. */
  static TaskSpec inMappedGroup(String id, String group, String... upstream) {
    TaskSpec t = task(id, upstream);
    return new TaskSpec(
        id, t.operator(), t.operatorClass(), t.executor(), t.upstream(), t.triggerRule(), t.pool(),
        t.poolSlots(), t.priorityWeight(), t.weightRule(), 0, 300, false, null, null, false, false, List.of(),
        Map.of(), null, new TaskSpec.MappedSpec(Map.of("x", List.of(1, 2, 3)), group), group, null, 1, true, false,
        "airflow", null, false, false, false);
  }

  static TaskSpec dependsOnPast(String id, String... upstream) {
    TaskSpec t = task(id, upstream);
    return new TaskSpec(
        id, t.operator(), t.operatorClass(), t.executor(), t.upstream(), t.triggerRule(), t.pool(),
        t.poolSlots(), t.priorityWeight(), t.weightRule(), 0, 300, false, null, null, true, false, List.of(),
        Map.of(), null, null, null, null, 1, true, false, "airflow", null, false, false, false);
  }

  static DagSpec dag(TaskSpec... tasks) {
    return new DagSpec(
        DagSpec.CURRENT_VERSION, "d", "d.py", null, null, Schedule.none(), null, null, "UTC", false,
        16, 16, null, List.of(), null, Map.of(), List.of(tasks), List.of(), "airflow");
  }

  static DagGraph graph(TaskSpec... tasks) {
    return DagGraph.of(dag(tasks));
  }
}
