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
    return new TaskSpec(
        id, operator, operator, "java", Arrays.asList(upstream), "all_success", "default_pool", 1, 1,
        "downstream", 0, 0, false, null, null, false, false, templateFields, args, null, null, null, null, 1, true,
        false, "airflow", null, false, false, false);
  }

  static TaskSpec with(TaskSpec t, String field, Object value) {
    return new TaskSpec(
        t.taskId(), t.operator(), t.operatorClass(), t.executor(), t.upstream(),
        field.equals("trigger_rule") ? (String) value : t.triggerRule(),
        field.equals("pool") ? (String) value : t.pool(), t.poolSlots(), t.priorityWeight(), t.weightRule(),
        field.equals("retries") ? (Integer) value : t.retries(), t.retryDelaySeconds(), t.retryExponentialBackoff(),
        t.maxRetryDelaySeconds(), field.equals("execution_timeout") ? (Double) value : t.executionTimeoutSeconds(),
        field.equals("depends_on_past") ? (Boolean) value : t.dependsOnPast(),
        field.equals("wait_for_downstream") ? (Boolean) value : t.waitForDownstream(), t.templateFields(), t.args(),
        field.equals("sensor") ? (TaskSpec.SensorSpec) value : t.sensor(),
        field.equals("mapped") ? (TaskSpec.MappedSpec) value : t.mapped(),
        t.taskGroup(), t.docMd(), t.lineno(), t.doXcomPush(), t.multipleOutputs(), t.owner(), t.uiColor(),
        field.equals("setup") ? (Boolean) value : t.setup(), field.equals("teardown") ? (Boolean) value : t.teardown(),
        field.equals("on_failure_fail_dagrun") ? (Boolean) value : t.onFailureFailDagrun());
  }

  static DagSpec dag(String id, TaskSpec... tasks) {
    return new DagSpec(
        DagSpec.CURRENT_VERSION, id, "/dags/" + id + ".py", null, null, Schedule.none(), null, null, "UTC", false,
        16, 16, null, List.of(), null, Map.of(), List.of(tasks), List.of(), "airflow");
  }
}
