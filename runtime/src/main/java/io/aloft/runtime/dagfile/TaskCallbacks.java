package io.aloft.runtime.dagfile;

/**
 * What a running Python task calls back into Java for. Called on the Python worker thread while the task
 * runs; implementations must not block for long. Values are JSON-shaped Java objects. An exception thrown
 * here is raised in the task as an {@code AirflowException} with its message.
 */
public interface TaskCallbacks {

  /**
   * {@code ti.xcom_pull(task_ids=..., key=..., map_indexes=...)} as Airflow defines it.
   *
   * @param taskIds a String (one task: return its value), a List of Strings (return a list, in that order),
   *     or null (no task filter)
   * @param key the XCom key ({@code "return_value"} by default)
   * @param mapIndexes null, an Integer, or a List of Integers
   * @return the value, or null when there is none
   */
  Object xcomPull(Object taskIds, String key, Object mapIndexes);

  /** {@code ti.xcom_push(key, value)}. */
  void xcomPush(String key, Object value);

  /** One line the task printed or logged. */
  void log(String line);

  /**
   * {@code Variable.get(key)}: the variable's stored text, or null when it does not exist (the task then
   * gets its {@code default_var} or a KeyError). The default knows no variables.
   */
  default String variable(String key) {
    return null;
  }
}
