package io.aloft.runtime.execution.template;

import java.util.Optional;
import java.util.function.BiConsumer;

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

  /**
   * {@code ti.xcom_push(key, value)} in a template: stores {@code value} (JSON-like: maps, lists, strings,
   * numbers, booleans, null) under {@code key} for the current try. A source made from a lambda is
   * read-only and refuses.
   */
  default void push(String key, Object value) {
    throw new UnsupportedOperationException(
        "ti.xcom_push is not available in this template (it can only be used while a task renders its fields)");
  }

  /**
   * {@code ti.xcom_pull(task_ids=..., map_indexes=...)} in a template, with Airflow 2.10's shapes: {@code taskIds} a
   * task id or a list of them, {@code mapIndexes} a number or a list of them; null when nothing matches. A source
   * made from a lambda cannot answer it and refuses.
   */
  default Object pullAt(Object taskIds, String key, Object mapIndexes) {
    throw new UnsupportedOperationException(
        "ti.xcom_pull(map_indexes=...) is not available in this template (it can only be used while a task renders its"
            + " fields)");
  }

  /** Answers {@link #pullAt}. */
  @FunctionalInterface
  interface MapIndexPull {
    Object pull(Object taskIds, String key, Object mapIndexes);
  }

  /** A source that reads with {@code pull} and writes the current try's XComs with {@code push}. */
  static XComSource of(XComSource pull, BiConsumer<String, Object> push) {
    return of(pull, push, null);
  }

  /** As {@link #of(XComSource, BiConsumer)}, answering {@code map_indexes} pulls with {@code at}. */
  static XComSource of(XComSource pull, BiConsumer<String, Object> push, MapIndexPull at) {
    return new XComSource() {
      @Override
      public Optional<Object> pull(String taskId, String key) {
        return pull.pull(taskId, key);
      }

      @Override
      public void push(String key, Object value) {
        push.accept(key, value);
      }

      @Override
      public Object pullAt(Object taskIds, String key, Object mapIndexes) {
        return at == null ? XComSource.super.pullAt(taskIds, key, mapIndexes) : at.pull(taskIds, key, mapIndexes);
      }
    };
  }

  /** A source with no XComs at all. */
  static XComSource none() {
    return (taskId, key) -> Optional.empty();
  }
}
