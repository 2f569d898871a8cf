package io.aloft.runtime.python;

/**
 * What a running Python task calls back into Java for ({@code ti.xcom_pull}, {@code ti.xcom_push}, {@code
 * Variable.get}, its printed and logged lines), as JSON text so that no GraalPy value crosses into the
 * caller. Called on the pool's Python thread while the task runs; implementations must not block for long.
 * The answers of {@link #xcomPull}, {@link #xcomPush} and {@link #variable} are envelopes {@code {"ok": value}} or {@code {"error": message}}: an error is raised in the task as
 * an {@code AirflowException} with that message.
 */
public interface TaskBridge {

  /**
   * {@code ti.xcom_pull}: {@code queryJson} is {@code {"task_ids": ..., "key": ..., "map_indexes": ...}} as
   * Airflow defines them; answers the value (a list for a list of task ids).
   */
  String xcomPull(String queryJson);

  /** {@code ti.xcom_push(key, value)}; answers {@code {"ok": null}}. */
  String xcomPush(String key, String valueJson);

  /** {@code Variable.get(key)}: answers the stored text, or {@code {"ok": null}} when the variable does not exist. */
  String variable(String key);

  /** One line the task printed or logged. */
  void log(String line);
}
