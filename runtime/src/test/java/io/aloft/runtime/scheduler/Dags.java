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
    return TaskSpec.builder(id, "EmptyOperator").upstream(upstream).triggerRule(rule).pool(pool).poolSlots(poolSlots)
        .priorityWeight(weight).weightRule(weightRule).taskGroup(group).build();
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
    return t.toBuilder().setup(setup).teardown(teardown).onFailureFailDagrun(failsRun).build();
  }

  /** A task of the mapped task group {@code group}, mapped over a three-element literal list. */
  static TaskSpec inMappedGroup(String id, String group, String... upstream) {
    TaskSpec t = task(id, upstream);
    return t.toBuilder().mapped(new TaskSpec.MappedSpec(Map.of("x", List.of(1, 2, 3)), group)).taskGroup(group).build();
  }

  static TaskSpec dependsOnPast(String id, String... upstream) {
    TaskSpec t = task(id, upstream);
    return t.toBuilder().dependsOnPast(true).build();
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
