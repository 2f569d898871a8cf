package io.aloft.runtime.dagfile;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.plugins.OperatorRegistry;
import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.OperatorDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the Java-run tasks of parsed DAGs against the operator registry: the operator exists, every
 * argument is declared, required ones are present, and values have the declared shape. Values that are
 * resolved at run time (XCom references, templated strings) pass the shape check.
 */
final class OperatorArgumentCheck {

  private final OperatorRegistry registry;

  OperatorArgumentCheck(OperatorRegistry registry) {
    this.registry = registry;
  }

  /** The problems of one file's DAGs, first line first; empty when all is well. */
  Optional<ImportErrorInfo> check(String filename, List<DagSpec> dags) {
    List<String> problems = new ArrayList<>();
    Integer firstLine = null;
    for (DagSpec dag : dags) {
      for (TaskSpec task : dag.tasks()) {
        if (!"java".equals(task.executor())) {
          continue;
        }
        List<String> found = check(task);
        if (!found.isEmpty() && (firstLine == null || task.lineno() < firstLine)) {
          firstLine = task.lineno();
        }
        problems.addAll(found);
      }
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ImportErrorInfo(filename, firstLine, problems.getFirst(), String.join("\n", problems)));
  }

  private List<String> check(TaskSpec task) {
    String where = " (task '" + task.taskId() + "', line " + task.lineno() + ")";
    Optional<OperatorDescriptor> found = registry.find(task.operator());
    if (found.isEmpty()) {
      return List.of(
          "operator " + task.operator() + " is not available" + where
              + ": no built-in operator or installed plugin provides it; install its plugin into the plugins folder");
    }
    OperatorDescriptor descriptor = found.get();
    Map<String, Object> given = new LinkedHashMap<>(task.args());
    boolean argumentsKnownAtRunTime = false;
    if (task.mapped() != null && task.mapped().group() == null) {
      for (Map.Entry<String, Object> e : task.mapped().expand().entrySet()) {
        if (!"__expand_kwargs__".equals(e.getKey())) {
          given.putIfAbsent(e.getKey(), null);
        } else if (e.getValue() instanceof List<?> dicts && dicts.stream().allMatch(d -> d instanceof Map<?, ?>)) {
          dicts.forEach(d -> ((Map<?, ?>) d).keySet().forEach(k -> given.putIfAbsent(String.valueOf(k), null)));
        } else {
          argumentsKnownAtRunTime = true; // expand_kwargs() over an XCom: its dicts exist only at run time
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Object> arg : given.entrySet()) {
      Optional<ArgumentSpec> spec = descriptor.argument(arg.getKey());
      if (spec.isEmpty()) {
        problems.add(
            descriptor.name() + " got an unexpected argument '" + arg.getKey() + "'" + where + "; it takes: "
                + String.join(", ", descriptor.arguments().stream().map(ArgumentSpec::name).toList()));
      } else if (!resolvedLater(descriptor, arg.getKey(), arg.getValue())
          && !spec.get().type().accepts(arg.getValue())) {
        problems.add(
            descriptor.name() + " argument '" + arg.getKey() + "' must be " + spec.get().type().pythonName()
                + ", got " + pythonType(arg.getValue()) + where);
      }
    }
    for (ArgumentSpec spec : descriptor.arguments()) {
      if (spec.required() && !given.containsKey(spec.name()) && !argumentsKnownAtRunTime) {
        problems.add(descriptor.name() + " is missing its required argument '" + spec.name() + "'" + where);
      }
    }
    return problems;
  }

  private static boolean resolvedLater(OperatorDescriptor descriptor, String name, Object value) {
    if (value instanceof Map<?, ?> map && map.size() == 1
        && (map.containsKey("__xcom__") || map.containsKey("__group_arg__"))) {
      return true; // an XCom, or a mapped task group's argument: known when the instance runs
    }
    return value instanceof String s && s.contains("{{") && descriptor.templateFields().contains(name);
  }

  private static String pythonType(Object value) {
    return switch (value) {
      case null -> "None";
      case String s -> "str";
      case Boolean b -> "bool";
      case Integer i -> "int";
      case Long l -> "int";
      case Number n -> "float";
      case List<?> l -> "list";
      case Map<?, ?> m -> "dict";
      default -> value.getClass().getSimpleName();
    };
  }
}
