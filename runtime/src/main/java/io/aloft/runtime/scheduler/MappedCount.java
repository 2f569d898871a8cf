package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskSpec;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How many instances a mapped task expands to: the product of the lengths of its expanded arguments
 * (Airflow's cross product), each a literal list or an upstream XCom holding a list or dict.
 */
final class MappedCount {

  /** An XCom reference inside serialized arguments. */
  record XComRef(String taskId, String key) {}

  private MappedCount() {}

  static int of(TaskSpec task, Function<XComRef, Optional<Object>> pull) {
    int count = 1;
    for (Map.Entry<String, Object> e : task.mapped().expand().entrySet()) {
      Object value = e.getValue();
      Optional<XComRef> ref = xcomRef(value);
      if (ref.isPresent()) {
        XComRef r = ref.get();
        value =
            pull.apply(r)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "cannot expand '" + e.getKey() + "': task '" + r.taskId() + "' pushed no XCom '" + r.key() + "'"));
      }
      int n;
      if (value instanceof Collection<?> c) {
        n = c.size();
      } else if (value instanceof Map<?, ?> m) {
        n = m.size();
      } else {
        throw new IllegalArgumentException(
            "cannot expand '" + e.getKey() + "' of task '" + task.taskId() + "': expected a list or dict, got "
                + (value == null ? "None" : value.getClass().getSimpleName()));
      }
      count *= n;
    }
    return count;
  }

  /** The reference when {@code value} is {@code {"__xcom__": {"task_id": ..., "key": ...}}}. */
  static Optional<XComRef> xcomRef(Object value) {
    if (value instanceof Map<?, ?> m && m.size() == 1 && m.get("__xcom__") instanceof Map<?, ?> x) {
      Object key = x.get("key");
      return Optional.of(new XComRef(String.valueOf(x.get("task_id")), key == null ? "return_value" : key.toString()));
    }
    return Optional.empty();
  }
}
