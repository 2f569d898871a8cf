package io.aloft.runtime.execution.template;

import java.util.Optional;

/**
 * Where {@code var.value.<key>} and {@code var.json.<key>} in a template read Airflow Variables.
 * Implemented over the store; called on the rendering thread.
 */
@FunctionalInterface
public interface VariableSource {

  /** The variable's raw string value, or empty when it does not exist. */
  Optional<String> get(String key);

  /** A source with no variables. */
  static VariableSource none() {
    return key -> Optional.empty();
  }
}
