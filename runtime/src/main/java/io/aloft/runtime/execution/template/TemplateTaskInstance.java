package io.aloft.runtime.execution.template;

import com.hubspot.jinjava.objects.PyWrapper;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ti} / {@code task_instance} in templates: its ids as fields and {@code xcom_pull(task_ids=...,
 * key='return_value', default=None, map_indexes=None)} ({@code map_indexes}: see {@link XComSource#pullAt}) and {@code
 * xcom_push(key=..., value=...)}. A single task id gives that task's value (None if absent); a list
 * gives the list of values found; no task id pulls from the current task.
 */
public final class TemplateTaskInstance extends AbstractMap<String, Object> implements PyWrapper {

  private final Map<String, Object> fields;
  private final String taskId;
  private final XComSource xcoms;

  TemplateTaskInstance(TemplateContext ctx) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("task_id", ctx.taskId());
    f.put("dag_id", ctx.dagId());
    f.put("run_id", ctx.runId());
    f.put("try_number", ctx.tryNumber());
    f.put("map_index", ctx.mapIndex());
    f.put("state", "running");
    this.fields = f;
    this.taskId = ctx.taskId();
    this.xcoms = ctx.xcoms();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return fields.entrySet();
  }

  public Object xcom_pull(Object... args) {
    Kwargs k = Kwargs.of(args);
    Object taskIds = k.arg(0, "task_ids", null);
    Object keyArg = k.arg(2, "key", "return_value");
    String key = keyArg == PyNone.NONE ? "return_value" : String.valueOf(keyArg);
    Object dflt = PyDict.toPy(k.named().get("default"));
    if (taskIds == null || taskIds == PyNone.NONE) {
      taskIds = taskId;
    }
    Object mapIndexes = k.named().get("map_indexes");
    if (mapIndexes != null && mapIndexes != PyNone.NONE) {
      Object ids = taskIds instanceof Collection<?> c ? List.copyOf(c) : String.valueOf(taskIds);
      Object indexes = mapIndexes instanceof Collection<?> c ? List.copyOf(c) : mapIndexes;
      Object found = xcoms.pullAt(ids, key, indexes);
      return found == null ? dflt : PyDict.toPy(found);
    }
    if (taskIds instanceof Collection<?> ids) {
      List<Object> values = new ArrayList<>();
      for (Object id : ids) {
        pull(String.valueOf(id), key).ifPresent(values::add);
      }
      return values;
    }
    return pull(String.valueOf(taskIds), key).orElse(dflt);
  }

  /**
   * {@code ti.xcom_push(key='k', value=v)}: pushes for the current try and renders as None, as Airflow's
   * method returns None.
   */
  public PyNone xcom_push(Object... args) {
    Kwargs k = Kwargs.of(args);
    Object key = k.arg(0, "key", null);
    if (key == null || key == PyNone.NONE || !(k.positional().size() > 1 || k.named().containsKey("value"))) {
      throw new IllegalArgumentException("ti.xcom_push needs a key and a value: ti.xcom_push(key='k', value=v)");
    }
    xcoms.push(String.valueOf(key), PyDict.toJava(k.arg(1, "value", null)));
    return PyNone.NONE;
  }

  private Optional<Object> pull(String id, String key) {
    return xcoms.pull(id, key).map(PyDict::toPy);
  }
}
