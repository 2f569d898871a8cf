package io.aloft.graphgrid.nlp;

import io.aloft.sdk.Operator;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskInstanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code check_DAG_success}: fails when any other task of this run failed, so a run whose cleanup succeeded is
 * still red. Argument {@code task_ids}: the tasks to check (the DAG file passes every other task).
 */
public final class CheckDagSuccessOperator implements Operator {

  static final Set<String> FAILED = Set.of("failed", "upstream_failed");
  static final List<String> NLP_TASKS = List.of("check_request_body", "create_unique_session_path",
      "retrieve_resources", "determine_cpu_or_gpu", "gpu_training_sensor", "gpu_preflight_configuration",
      "gpu_pool_setup", "train_model_gpu", "train_model_cpu", "save_model", "eval_model",
      "update_model_metadata_registry", "cleanup", "delete_volume");

  private final List<String> taskIds;

  public CheckDagSuccessOperator(Map<String, Object> args) {
    Object ids = args.get("task_ids");
    this.taskIds = ids instanceof List<?> l ? l.stream().map(String::valueOf).toList() : NLP_TASKS;
  }

  @Override
  public Object execute(TaskContext ctx) {
    List<String> failed = new ArrayList<>();
    for (String task : taskIds) {
      for (TaskInstanceView ti : ctx.taskInstances(ctx.identity().dagId(), task)) {
        if (ti.runId().equals(ctx.identity().runId()) && ti.state() != null && FAILED.contains(ti.state())) {
          failed.add(task + " (" + ti.state() + ")");
        }
      }
    }
    if (!failed.isEmpty()) {
      throw new TaskFailException("the run did not succeed: " + String.join(", ", failed) + "; see their logs");
    }
    ctx.log().info("every task succeeded or was skipped by the branch");
    return true;
  }
}
