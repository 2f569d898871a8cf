package io.aloft.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DAG as its Python file declared it: the only contract between the Python side and Java. Python
 * serializes it to JSON (snake_case field names, see {@link SpecJson}); scheduling never needs Python.
 * Version {@link #CURRENT_VERSION}; bump it when a field changes meaning.
 *
 * <p>Airflow 2 defaults apply when the file says nothing: {@code catchup} true, {@code max_active_runs}
 * 16, {@code max_active_tasks} 16, schedule {@code @daily} unless {@code schedule=None}. {@code failFast} is
 * Airflow 3's {@code fail_fast} (Airflow 2's {@code fail_stop}): see {@code scheduler.FailFast}.
 */
public record DagSpec(
    int specVersion,
    String dagId,
    String fileloc,
    String description,
    String docMd,
    Schedule schedule,
    Instant startDate,
    Instant endDate,
    String timezone,
    boolean catchup,
    int maxActiveRuns,
    int maxActiveTasks,
    Double dagrunTimeoutSeconds,
    List<String> tags,
    Boolean isPausedUponCreation,
    Map<String, ParamSpec> params,
    List<TaskSpec> tasks,
    List<EdgeLabel> edgeLabels,
    String owner,
    // Left out of the JSON when false, so that specs of DAGs without it read and hash as before.
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean failFast,
    // Null (left out) when neither the DAG nor a task has a callback or e-mail on failure: specs read and hash as before.
    @JsonInclude(JsonInclude.Include.NON_NULL) Callbacks callbacks) {

  public static final int CURRENT_VERSION = 1;

  /** A DAG without {@code fail_fast} (Airflow's default). */
  public DagSpec(
      int specVersion, String dagId, String fileloc, String description, String docMd, Schedule schedule,
      Instant startDate, Instant endDate, String timezone, boolean catchup, int maxActiveRuns, int maxActiveTasks,
      Double dagrunTimeoutSeconds, List<String> tags, Boolean isPausedUponCreation, Map<String, ParamSpec> params,
      List<TaskSpec> tasks, List<EdgeLabel> edgeLabels, String owner) {
    this(specVersion, dagId, fileloc, description, docMd, schedule, startDate, endDate, timezone, catchup,
        maxActiveRuns, maxActiveTasks, dagrunTimeoutSeconds, tags, isPausedUponCreation, params, tasks, edgeLabels,
        owner, false);
  }

  /** A DAG without callbacks. */
  public DagSpec(
      int specVersion, String dagId, String fileloc, String description, String docMd, Schedule schedule,
      Instant startDate, Instant endDate, String timezone, boolean catchup, int maxActiveRuns, int maxActiveTasks,
      Double dagrunTimeoutSeconds, List<String> tags, Boolean isPausedUponCreation, Map<String, ParamSpec> params,
      List<TaskSpec> tasks, List<EdgeLabel> edgeLabels, String owner, boolean failFast) {
    this(specVersion, dagId, fileloc, description, docMd, schedule, startDate, endDate, timezone, catchup,
        maxActiveRuns, maxActiveTasks, dagrunTimeoutSeconds, tags, isPausedUponCreation, params, tasks, edgeLabels,
        owner, failFast, null);
  }

  public DagSpec {
    tags = tags == null ? List.of() : List.copyOf(tags);
    params = params == null ? Map.of() : params;
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    edgeLabels = edgeLabels == null ? List.of() : List.copyOf(edgeLabels);
  }

  public Optional<TaskSpec> task(String taskId) {
    return tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
  }

  /** The callbacks of a task ({@link TaskCallbacks#NONE} when it has none). */
  public TaskCallbacks callbacksOf(String taskId) {
    return callbacks == null ? TaskCallbacks.NONE : callbacks.tasks().getOrDefault(taskId, TaskCallbacks.NONE);
  }

  /** Whether the DAG itself has this callback ({@code on_success_callback}, {@code on_failure_callback}). */
  public boolean hasDagCallback(String name) {
    return callbacks != null && callbacks.dag().contains(name);
  }

  /**
   * Which Python callbacks exist, so Java calls into Python only for those: {@code dag} names the DAG's own
   * ({@code on_success_callback}, {@code on_failure_callback}); {@code tasks} maps a task id to its own.
   */
  public record Callbacks(List<String> dag, Map<String, TaskCallbacks> tasks) {
    public Callbacks {
      dag = dag == null ? List.of() : List.copyOf(dag);
      tasks = tasks == null ? Map.of() : Map.copyOf(tasks);
    }
  }

  /**
   * A task's callbacks by Airflow's argument names ({@code on_failure_callback} ...), plus {@code email_on_failure}
   * and {@code email_on_retry} when the task has {@code email} addresses, which {@code email} lists.
   */
  public record TaskCallbacks(List<String> on, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> email) {
    public static final TaskCallbacks NONE = new TaskCallbacks(List.of(), List.of());

    public TaskCallbacks {
      on = on == null ? List.of() : List.copyOf(on);
      email = email == null ? List.of() : List.copyOf(email);
    }

    public boolean has(String name) {
      return on.contains(name);
    }
  }

  /** A label drawn on the edge {@code from >> to} ({@code airflow.utils.edgemodifier.Label}). */
  public record EdgeLabel(String from, String to, String label) {}
}
