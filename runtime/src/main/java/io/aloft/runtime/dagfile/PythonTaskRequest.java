package io.aloft.runtime.dagfile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One Python task try to run.
 *
 * @param file the DAG file (its current content is loaded; a context reuses the module while the hash is
 *     unchanged)
 * @param mapIndex the mapped task instance's index, -1 when not mapped
 * @param arguments rendered values of the task's template fields (TaskSpec.args after Jinja rendering and
 *     XCom resolution); for a mapped task, also this instance's value of each {@code expand} argument
 *     under its own name (TaskFlow: a function argument; classic operators: a constructor argument).
 *     Leaves shaped {@code {"__python__": ...}} keep the original Python value
 * @param context Airflow's template context as JSON values: ds, ds_nodash, ts, ts_nodash, logical_date,
 *     data_interval_start/end (ISO-8601 strings, turned into datetimes), run_id, dag_run (a map with conf,
 *     run_id, run_type...), params, conf, task_instance_key_str, try_number, map_index...
 * @param executionTimeout stops the try when it runs longer (the outcome is then a {@code Failed} of type
 *     {@code AirflowTaskTimeout})
 */
public record PythonTaskRequest(
    Path file,
    String dagId,
    String taskId,
    int mapIndex,
    Map<String, Object> arguments,
    Map<String, Object> context,
    Optional<Duration> executionTimeout) {

  public PythonTaskRequest {
    arguments = arguments == null ? Map.of() : arguments;
    context = context == null ? Map.of() : context;
    executionTimeout = executionTimeout == null ? Optional.empty() : executionTimeout;
  }
}
