package io.aloft.runtime.execution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of a Java operator that only the task's Python code can compute, such as the dates an
 * ExternalTaskSensor's {@code execution_date_fn} returns. The Python shim names them in the argument
 * {@code _aloft_python_args}; before the try's work starts, each is asked of the task's method
 * {@code _aloft_arg_<name>(context)}, in the try's Python context, and its answer becomes argument {@code <name>}.
 * Stateless; blocks the try's thread while Python answers.
 */
final class PythonArgs {

  static final String NAMES = "_aloft_python_args";

  private PythonArgs() {}

  /** The arguments with the Python-computed ones filled in; {@code args} itself when it names none. */
  static Map<String, Object> resolve(PythonInvoker python, PythonInvoker.PythonTry call) {
    if (!(call.args().get(NAMES) instanceof List<?> names) || names.isEmpty()) {
      return call.args();
    }
    Map<String, Object> out = new LinkedHashMap<>(call.args());
    for (Object name : names) {
      Map<String, Object> context = new LinkedHashMap<>(call.airflowContext());
      context.put("_aloft_callback", "_aloft_arg_" + name);
      TryOutcome answer;
      try {
        answer = python.execute(new PythonInvoker.PythonTry(
            call.dag(), call.task(), call.mapIndex(), Map.of(), context, call.ctx()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("the try was stopped while its Python code computed '" + name + "'", e);
      } catch (Exception e) {
        throw new IllegalStateException("computing '" + name + "' in the task's Python code failed: " + e, e);
      }
      switch (answer) {
        case TryOutcome.Success s -> out.put(String.valueOf(name), s.value());
        case TryOutcome.Failed f -> throw new IllegalArgumentException(
            "computing '" + name + "' in the task's Python code failed: " + f.message());
        default -> throw new IllegalStateException("unexpected answer computing '" + name + "': " + answer);
      }
    }
    return out;
  }
}
