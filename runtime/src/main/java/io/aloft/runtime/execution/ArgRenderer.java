package io.aloft.runtime.execution;

import java.util.Map;

/** Renders an operator's template fields with Airflow's context; see the template package. */
@FunctionalInterface
public interface ArgRenderer {

  /**
   * Returns {@code args} with every string inside the named template fields rendered.
   *
   * @throws IllegalArgumentException naming the undefined variable or template error
   */
  Map<String, Object> render(Map<String, Object> args, java.util.Collection<String> templateFields, TemplateScope scope);
}
