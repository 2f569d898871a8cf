package io.aloft.runtime.execution;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.store.DagRunRow;
import java.util.Map;

/** What a template may refer to for one try: the run, the task, effective params, and store lookups. */
public record TemplateScope(
    DagSpec dag,
    TaskSpec task,
    DagRunRow run,
    int mapIndex,
    int tryNumber,
    Map<String, Object> params,
    XComLookup xcom,
    VariableLookup variables) {

  /** {@code ti.xcom_pull}: the value pushed by {@code taskId} under {@code key} in this run. */
  @FunctionalInterface
  public interface XComLookup {
    Object pull(String taskId, String key);
  }

  /** {@code var.value.KEY}. */
  @FunctionalInterface
  public interface VariableLookup {
    String get(String key);
  }
}
