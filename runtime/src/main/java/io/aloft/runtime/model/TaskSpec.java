package io.aloft.runtime.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One task of a {@link DagSpec}.
 *
 * <p>{@code executor} says who runs it: {@code "java"} — {@code operator} names an operator descriptor in
 * the registry (built-in or plugin) and {@code args} are its arguments; {@code "python"} — the task's
 * {@code execute} (a PythonOperator callable, a TaskFlow function, a custom operator) runs in a pooled
 * GraalPy context with the DAG module loaded, and {@code operator} is the Python class name for display.
 *
 * <p>XCom references inside {@code args} (from {@code XComArg}, {@code .output} or TaskFlow arguments)
 * are JSON objects {@code {"__xcom__": {"task_id": "...", "key": "return_value"}}}. Durations are seconds.
 *
 * <p>{@code setup}/{@code teardown}: Airflow's setup and teardown tasks ({@code as_setup()}, {@code @teardown});
 * a teardown does not decide its run's state unless {@code onFailureFailDagrun}.
 *
 * <p>{@code outlets}/{@code inlets}: the dataset URIs the task updates and reads; {@code outletAliases}/{@code
 * inletAliases}: the names of the dataset aliases among them ({@code DatasetAlias}); left out of the JSON when empty.
 *
 * <p>{@code customWeight}: set when {@code weight_rule=} is a custom {@code PriorityWeightStrategy} (then {@code
 * weightRule} is its class path): the weight its {@code get_weight} gave while the file was parsed, which every
 * instance of the task gets ({@link io.aloft.runtime.scheduler.PriorityWeights}); absent for built-in rules.
 */
// isSensor()/isMapped() are conveniences, not JSON properties: as is-getters they would hide sensor and mapped.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record TaskSpec(
    String taskId,
    String operator,
    String operatorClass,
    String executor,
    List<String> upstream,
    String triggerRule,
    String pool,
    int poolSlots,
    int priorityWeight,
    String weightRule,
    int retries,
    double retryDelaySeconds,
    boolean retryExponentialBackoff,
    Double maxRetryDelaySeconds,
    Double executionTimeoutSeconds,
    boolean dependsOnPast,
    boolean waitForDownstream,
    List<String> templateFields,
    Map<String, Object> args,
    SensorSpec sensor,
    MappedSpec mapped,
    String taskGroup,
    String docMd,
    int lineno,
    boolean doXcomPush,
    boolean multipleOutputs,
    String owner,
    String uiColor,
    @JsonProperty("is_setup") boolean setup,
    @JsonProperty("is_teardown") boolean teardown,
    boolean onFailureFailDagrun,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> outlets,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> inlets,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> outletAliases,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> inletAliases,
    @JsonInclude(JsonInclude.Include.NON_NULL) String queue,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer customWeight) {

  /** The queue a task runs on when it names none (Airflow's {@code [operators] default_queue}). */
  public static final String DEFAULT_QUEUE = "default";

  public TaskSpec {
    // "default" is stored as absent, so that specs of tasks without a queue hash as they did before queues.
    queue = queue == null || queue.isBlank() || DEFAULT_QUEUE.equals(queue) ? null : queue;
    outlets = outlets == null ? List.of() : List.copyOf(outlets);
    inlets = inlets == null ? List.of() : List.copyOf(inlets);
    outletAliases = outletAliases == null ? List.of() : List.copyOf(outletAliases);
    inletAliases = inletAliases == null ? List.of() : List.copyOf(inletAliases);
    upstream = upstream == null ? List.of() : List.copyOf(upstream);
    templateFields = templateFields == null ? List.of() : List.copyOf(templateFields);
    args = args == null ? Map.of() : args;
  }

  /** A task whose {@code weightRule} is a built-in rule, as specs were before custom weight strategies. */
  public TaskSpec(
      String taskId, String operator, String operatorClass, String executor, List<String> upstream,
      String triggerRule, String pool, int poolSlots, int priorityWeight, String weightRule, int retries,
      double retryDelaySeconds, boolean retryExponentialBackoff, Double maxRetryDelaySeconds,
      Double executionTimeoutSeconds, boolean dependsOnPast, boolean waitForDownstream, List<String> templateFields,
      Map<String, Object> args, SensorSpec sensor, MappedSpec mapped, String taskGroup, String docMd, int lineno,
      boolean doXcomPush, boolean multipleOutputs, String owner, String uiColor, boolean setup, boolean teardown,
      boolean onFailureFailDagrun, List<String> outlets, List<String> inlets, List<String> outletAliases,
      List<String> inletAliases, String queue) {
    this(taskId, operator, operatorClass, executor, upstream, triggerRule, pool, poolSlots, priorityWeight,
        weightRule, retries, retryDelaySeconds, retryExponentialBackoff, maxRetryDelaySeconds,
        executionTimeoutSeconds, dependsOnPast, waitForDownstream, templateFields, args, sensor, mapped, taskGroup,
        docMd, lineno, doXcomPush, multipleOutputs, owner, uiColor, setup, teardown, onFailureFailDagrun, outlets,
        inlets, outletAliases, inletAliases, queue, null);
  }

  /** A task on the default queue, as specs were before queues existed. */
  public TaskSpec(
      String taskId, String operator, String operatorClass, String executor, List<String> upstream,
      String triggerRule, String pool, int poolSlots, int priorityWeight, String weightRule, int retries,
      double retryDelaySeconds, boolean retryExponentialBackoff, Double maxRetryDelaySeconds,
      Double executionTimeoutSeconds, boolean dependsOnPast, boolean waitForDownstream, List<String> templateFields,
      Map<String, Object> args, SensorSpec sensor, MappedSpec mapped, String taskGroup, String docMd, int lineno,
      boolean doXcomPush, boolean multipleOutputs, String owner, String uiColor, boolean setup, boolean teardown,
      boolean onFailureFailDagrun, List<String> outlets, List<String> inlets, List<String> outletAliases,
      List<String> inletAliases) {
    this(taskId, operator, operatorClass, executor, upstream, triggerRule, pool, poolSlots, priorityWeight,
        weightRule, retries, retryDelaySeconds, retryExponentialBackoff, maxRetryDelaySeconds,
        executionTimeoutSeconds, dependsOnPast, waitForDownstream, templateFields, args, sensor, mapped, taskGroup,
        docMd, lineno, doXcomPush, multipleOutputs, owner, uiColor, setup, teardown, onFailureFailDagrun, outlets,
        inlets, outletAliases, inletAliases, null);
  }

  /** The queue whose workers run this task ({@code queue=}); {@value #DEFAULT_QUEUE} when it names none. */
  public String queueName() {
    return queue == null ? DEFAULT_QUEUE : queue;
  }

  /** A task without datasets, as specs were before datasets existed. */
  public TaskSpec(
      String taskId, String operator, String operatorClass, String executor, List<String> upstream,
      String triggerRule, String pool, int poolSlots, int priorityWeight, String weightRule, int retries,
      double retryDelaySeconds, boolean retryExponentialBackoff, Double maxRetryDelaySeconds,
      Double executionTimeoutSeconds, boolean dependsOnPast, boolean waitForDownstream, List<String> templateFields,
      Map<String, Object> args, SensorSpec sensor, MappedSpec mapped, String taskGroup, String docMd, int lineno,
      boolean doXcomPush, boolean multipleOutputs, String owner, String uiColor, boolean setup, boolean teardown,
      boolean onFailureFailDagrun) {
    this(taskId, operator, operatorClass, executor, upstream, triggerRule, pool, poolSlots, priorityWeight,
        weightRule, retries, retryDelaySeconds, retryExponentialBackoff, maxRetryDelaySeconds,
        executionTimeoutSeconds, dependsOnPast, waitForDownstream, templateFields, args, sensor, mapped, taskGroup,
        docMd, lineno, doXcomPush, multipleOutputs, owner, uiColor, setup, teardown, onFailureFailDagrun, null, null);
  }

  /** A task whose datasets name no alias. */
  public TaskSpec(
      String taskId, String operator, String operatorClass, String executor, List<String> upstream,
      String triggerRule, String pool, int poolSlots, int priorityWeight, String weightRule, int retries,
      double retryDelaySeconds, boolean retryExponentialBackoff, Double maxRetryDelaySeconds,
      Double executionTimeoutSeconds, boolean dependsOnPast, boolean waitForDownstream, List<String> templateFields,
      Map<String, Object> args, SensorSpec sensor, MappedSpec mapped, String taskGroup, String docMd, int lineno,
      boolean doXcomPush, boolean multipleOutputs, String owner, String uiColor, boolean setup, boolean teardown,
      boolean onFailureFailDagrun, List<String> outlets, List<String> inlets) {
    this(taskId, operator, operatorClass, executor, upstream, triggerRule, pool, poolSlots, priorityWeight,
        weightRule, retries, retryDelaySeconds, retryExponentialBackoff, maxRetryDelaySeconds,
        executionTimeoutSeconds, dependsOnPast, waitForDownstream, templateFields, args, sensor, mapped, taskGroup,
        docMd, lineno, doXcomPush, multipleOutputs, owner, uiColor, setup, teardown, onFailureFailDagrun, outlets,
        inlets, null, null);
  }

  public boolean isSensor() {
    return sensor != null;
  }

  public boolean isMapped() {
    return mapped != null;
  }

  /** Sensor settings, as {@code BaseSensorOperator} takes them. {@code mode} is poke or reschedule. */
  public record SensorSpec(
      String mode,
      double pokeIntervalSeconds,
      double timeoutSeconds,
      boolean softFail,
      boolean exponentialBackoff,
      Double maxWaitSeconds) {}

  /**
   * Dynamic task mapping: {@code expand} maps each argument name to a literal list or an XCom reference
   * whose value is a list; one task instance is created per element (per combination for several).
   *
   * <p>{@code group}: set for a task of a mapped task group ({@code @task_group} with {@code .expand()}), the
   * group's id. {@code expand} is then the group's input, keyed by the group function's parameter names; the
   * task's arguments refer to them as {@code {"__group_arg__": name}}, and within the group instance {@code i}
   * of a task waits for, and pulls XComs of, instance {@code i} of the group's other tasks.
   *
   * <p>{@code mapIndexTemplate}: Airflow's {@code map_index_template}, a Jinja template rendered after each try of
   * an instance (with what the task added to its context) into the instance's name, its rendered map index.
   */
  public record MappedSpec(
      Map<String, Object> expand,
      @JsonInclude(JsonInclude.Include.NON_NULL) String group,
      @JsonInclude(JsonInclude.Include.NON_NULL) String mapIndexTemplate) {

    /** A plain mapped task, outside any mapped task group. */
    public MappedSpec(Map<String, Object> expand) {
      this(expand, null, null);
    }

    /** A mapped task without a {@code map_index_template}. */
    public MappedSpec(Map<String, Object> expand, String group) {
      this(expand, group, null);
    }

    /** Whether {@code other} is a task of the same mapped task group as this one. */
    public boolean sameGroup(MappedSpec other) {
      return group != null && other != null && group.equals(other.group);
    }
  }
}
