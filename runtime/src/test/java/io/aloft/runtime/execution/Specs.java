package io.aloft.runtime.execution;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.Schedule;
import io.aloft.runtime.model.TaskSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Hand-built DAG specs for engine tests, as the Python side would serialize them. */
final class Specs {

  private Specs() {}

  static TaskSpec bash(String id, String command, String... upstream) {
    return task(id, "BashOperator", Map.of("bash_command", command), List.of("bash_command", "env", "cwd"), upstream);
  }

  static TaskSpec empty(String id, String... upstream) {
    return task(id, "EmptyOperator", Map.of(), List.of(), upstream);
  }

  static TaskSpec task(String id, String operator, Map<String, Object> args, List<String> templateFields, String... upstream) {
    return TaskSpec.builder(id, operator).upstream(Arrays.asList(upstream)).retryDelaySeconds(0)
        .templateFields(templateFields).args(args).build();
  }

  static TaskSpec with(TaskSpec t, String field, Object value) {
    TaskSpec.Builder b = t.toBuilder();
    switch (field) {
      case "trigger_rule" -> b.triggerRule((String) value);
      case "pool" -> b.pool((String) value);
      case "retries" -> b.retries((Integer) value);
      case "execution_timeout" -> b.executionTimeoutSeconds((Double) value);
      case "depends_on_past" -> b.dependsOnPast((Boolean) value);
      case "wait_for_downstream" -> b.waitForDownstream((Boolean) value);
      case "sensor" -> b.sensor((TaskSpec.SensorSpec) value);
      case "mapped" -> b.mapped((TaskSpec.MappedSpec) value);
      case "setup" -> b.setup((Boolean) value);
      case "teardown" -> b.teardown((Boolean) value);
      case "on_failure_fail_dagrun" -> b.onFailureFailDagrun((Boolean) value);
      default -> throw new IllegalArgumentException("Specs.with does not know the field " + field);
    }
    return b.build();
  }

  static DagSpec dag(String id, TaskSpec... tasks) {
    return new DagSpec(
        DagSpec.CURRENT_VERSION, id, "/dags/" + id + ".py", null, null, Schedule.none(), null, null, "UTC", false,
        16, 16, null, List.of(), null, Map.of(), List.of(tasks), List.of(), "airflow");
  }
}
