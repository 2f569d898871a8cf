package io.aloft.runtime.plugins;

import io.aloft.sdk.ArgumentSpec;
import io.aloft.sdk.OperatorDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Java task's serialized arguments against its operator's descriptor, for parse-time import
 * errors: an argument the operator does not take (with the closest one it does), a missing required one, a
 * value of the wrong type. The caller adds the DAG file and the task's line. Stateless.
 *
 * <pre>{@code
 * List<String> errors = ArgumentCheck.problems(descriptor, task.args(), BASE_OPERATOR_ARGS);
 * // ["DockerOperator got an unexpected argument 'imag' (did you mean 'image'?)"]
 * }</pre>
 */
public final class ArgumentCheck {

  private ArgumentCheck() {}

  /**
   * The problems with {@code args}, in a stable order; empty when they fit.
   *
   * @param ignored argument names the runtime itself consumes (BaseOperator's), never passed to the operator
   */
  public static List<String> problems(OperatorDescriptor d, Map<String, Object> args, Set<String> ignored) {
    List<String> out = new ArrayList<>();
    for (String name : args.keySet().stream().sorted().toList()) {
      if (ignored.contains(name)) {
        continue;
      }
      var spec = d.argument(name);
      if (spec.isEmpty()) {
        String hint = closest(name, d.arguments()).map(c -> " (did you mean '" + c + "'?)").orElse("");
        out.add(d.name() + " got an unexpected argument '" + name + "'" + hint);
      } else if (!spec.get().type().accepts(args.get(name))) {
        out.add(d.name() + " argument '" + name + "' must be " + spec.get().type().pythonName() + ", not "
            + pythonType(args.get(name)));
      }
    }
    for (ArgumentSpec spec : d.arguments()) {
      if (spec.required() && args.get(spec.name()) == null) {
        out.add(d.name() + " is missing the required argument '" + spec.name() + "'");
      }
    }
    return out;
  }

  private static java.util.Optional<String> closest(String name, List<ArgumentSpec> known) {
    return known.stream()
        .map(ArgumentSpec::name)
        .filter(k -> distance(k, name) <= Math.max(2, name.length() / 3))
        .min(Comparator.comparingInt(k -> distance(k, name)));
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String pythonType(Object v) {
    if (v instanceof String) {
      return "str";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Integer || v instanceof Long) {
      return "int";
    }
    if (v instanceof Number) {
      return "float";
    }
    if (v instanceof List<?>) {
      return "list";
    }
    if (v instanceof Map<?, ?>) {
      return "dict";
    }
    return v == null ? "None" : v.getClass().getSimpleName();
  }
}
