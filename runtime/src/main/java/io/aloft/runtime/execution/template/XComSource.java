package io.aloft.runtime.execution.template;

import java.util.Optional;

/**
 * Where {@code ti.xcom_pull(...)} in a template reads XComs of the current DAG run. Implemented by the
 * executor over the store; called on the rendering thread.
 *
 * <p>Example: {@code (taskId, key) -> store.xcom(dagId, runId, taskId, key)}.
 */
@FunctionalInterface
public interface XComSource {

  /**
   * The value {@code taskId} pushed under {@code key} in this run, or empty when there is none. For a
   * mapped task, the list of its instances' values in map-index order.
   */
  Optional<Object> pull(String taskId, String key);

  /** A source with no XComs at all. */
  static XComSource none() {
    return (taskId, key) -> Optional.empty();
  }
}
