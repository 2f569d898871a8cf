package io.aloft.runtime.execution;

import io.aloft.runtime.model.TaskSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Turns a task's serialized arguments into the values one try sees: XCom references ({@code
 * {"__xcom__": {...}}}) become the pulled values, and a mapped instance gets its element of each
 * expanded argument (itertools.product order: the last argument varies fastest, as in Airflow); with
 * {@code expand_kwargs()} the instance's dict is spread into its arguments. In a mapped task group the
 * elements are the group function's arguments, put where the task's arguments refer to them.
 */
final class ArgResolver {

  /** The {@code expand} key of {@code expand_kwargs()}: a list of dicts, each one instance's arguments. */
  static final String EXPAND_KWARGS = "__expand_kwargs__";

  /** A reference, in a mapped task group's task, to one of the group function's mapped arguments. */
  static final String GROUP_ARG = "__group_arg__";

  private ArgResolver() {}

  private static void spread(Object element, Map<String, Object> out) {
    if (!(element instanceof Map<?, ?> m)) {
      throw new IllegalStateException("expand_kwargs() needs a list of dicts; an element is "
          + (element == null ? "None" : element.getClass().getSimpleName()) + ": push a list of dicts from the upstream task");
    }
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
  }

  static Map<String, Object> resolve(TaskSpec task, int mapIndex, BiFunction<String, String, Object> pull) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (task.isMapped() && task.mapped().group() != null) {
      // A mapped task group: the instance's elements are the group function's arguments, which the task's
      // own arguments refer to.
      Map<String, Object> groupArgs = new LinkedHashMap<>();
      select(task, mapIndex, pull, groupArgs);
      task.args().forEach((k, v) -> out.put(k, groupArgs(deep(v, pull), groupArgs, task.mapped().group())));
      return out;
    }
    task.args().forEach((k, v) -> out.put(k, deep(v, pull)));
    if (task.isMapped()) {
      select(task, mapIndex, pull, out);
    }
    return out;
  }

  /** Puts the instance's element of each expanded argument into {@code out} (a dict of expand_kwargs spread). */
  private static void select(TaskSpec task, int mapIndex, BiFunction<String, String, Object> pull, Map<String, Object> out) {
    List<Map.Entry<String, List<Object>>> expanded = new ArrayList<>();
    for (Map.Entry<String, Object> e : task.mapped().expand().entrySet()) {
      expanded.add(Map.entry(e.getKey(), elements(deep(e.getValue(), pull), e.getKey())));
    }
    int rest = Math.max(mapIndex, 0);
    for (int i = expanded.size() - 1; i >= 0; i--) {
      List<Object> values = expanded.get(i).getValue();
      if (values.isEmpty()) {
        throw new IllegalStateException("cannot map over an empty '" + expanded.get(i).getKey() + "'");
      }
      Object value = values.get(rest % values.size());
      if (EXPAND_KWARGS.equals(expanded.get(i).getKey())) {
        spread(value, out);
      } else {
        out.put(expanded.get(i).getKey(), value);
      }
      rest /= values.size();
    }
  }

  /** {@code value} with each {@code {"__group_arg__": name}} replaced by the instance's argument. */
  private static Object groupArgs(Object value, Map<String, Object> args, String group) {
    if (value instanceof Map<?, ?> m) {
      if (m.size() == 1 && m.get(GROUP_ARG) instanceof String name) {
        if (!args.containsKey(name)) {
          throw new IllegalStateException("the mapped task group '" + group + "' has no argument '" + name
              + "' for this instance: give it in every dict of expand_kwargs() or in partial()");
        }
        return args.get(name);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), groupArgs(v, args, group)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(groupArgs(x, args, group)));
      return out;
    }
    return value;
  }

  private static List<Object> elements(Object v, String name) {
    if (v instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    if (v instanceof Map<?, ?> m) {
      List<Object> pairs = new ArrayList<>();
      m.forEach((k, val) -> pairs.add(List.of(k, val)));
      return pairs;
    }
    throw new IllegalStateException("cannot map over '" + name + "': not a list or dict");
  }

  private static Object deep(Object v, BiFunction<String, String, Object> pull) {
    if (v instanceof Map<?, ?> m) {
      if (m.size() == 1 && m.get("__xcom__") instanceof Map<?, ?> ref) {
        Object key = ref.get("key");
        return pull.apply(String.valueOf(ref.get("task_id")), key == null ? "return_value" : key.toString());
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), deep(val, pull)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(deep(x, pull)));
      return out;
    }
    return v;
  }
}
