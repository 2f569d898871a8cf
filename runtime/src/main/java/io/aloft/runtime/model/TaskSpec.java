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

  /** The queue whose workers run this task ({@code queue=}); {@value #DEFAULT_QUEUE} when it names none. */
  public String queueName() {
    return queue == null ? DEFAULT_QUEUE : queue;
  }

  /**
   * A builder for a task with Airflow's defaults ({@code all_success}, {@code default_pool}, one slot, weight 1
   * {@code downstream}, no retries, a 300 s retry delay, XCom pushed, owner {@code airflow}), for code that makes
   * specs by hand (tests, benchmarks); parsed specs come from the DAG file's JSON.
   */
  public static Builder builder(String taskId, String operator) {
    return new Builder().taskId(taskId).operator(operator).operatorClass(operator);
  }

  /** A builder that starts from this spec, to make a copy that differs in a few fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.taskId = taskId;
    b.operator = operator;
    b.operatorClass = operatorClass;
    b.executor = executor;
    b.upstream = upstream;
    b.triggerRule = triggerRule;
    b.pool = pool;
    b.poolSlots = poolSlots;
    b.priorityWeight = priorityWeight;
    b.weightRule = weightRule;
    b.retries = retries;
    b.retryDelaySeconds = retryDelaySeconds;
    b.retryExponentialBackoff = retryExponentialBackoff;
    b.maxRetryDelaySeconds = maxRetryDelaySeconds;
    b.executionTimeoutSeconds = executionTimeoutSeconds;
    b.dependsOnPast = dependsOnPast;
    b.waitForDownstream = waitForDownstream;
    b.templateFields = templateFields;
    b.args = args;
    b.sensor = sensor;
    b.mapped = mapped;
    b.taskGroup = taskGroup;
    b.docMd = docMd;
    b.lineno = lineno;
    b.doXcomPush = doXcomPush;
    b.multipleOutputs = multipleOutputs;
    b.owner = owner;
    b.uiColor = uiColor;
    b.setup = setup;
    b.teardown = teardown;
    b.onFailureFailDagrun = onFailureFailDagrun;
    b.outlets = outlets;
    b.inlets = inlets;
    b.outletAliases = outletAliases;
    b.inletAliases = inletAliases;
    b.queue = queue;
    b.customWeight = customWeight;
    return b;
  }

  /** Builds a {@link TaskSpec} field by field; not thread-safe (one builder per spec being made). */
  public static final class Builder {
    private String taskId;
    private String operator;
    private String operatorClass;
    private String executor = "java";
    private List<String> upstream;
    private String triggerRule = "all_success";
    private String pool = "default_pool";
    private int poolSlots = 1;
    private int priorityWeight = 1;
    private String weightRule = "downstream";
    private int retries;
    private double retryDelaySeconds = 300;
    private boolean retryExponentialBackoff;
    private Double maxRetryDelaySeconds;
    private Double executionTimeoutSeconds;
    private boolean dependsOnPast;
    private boolean waitForDownstream;
    private List<String> templateFields;
    private Map<String, Object> args;
    private SensorSpec sensor;
    private MappedSpec mapped;
    private String taskGroup;
    private String docMd;
    private int lineno = 1;
    private boolean doXcomPush = true;
    private boolean multipleOutputs;
    private String owner = "airflow";
    private String uiColor;
    private boolean setup;
    private boolean teardown;
    private boolean onFailureFailDagrun;
    private List<String> outlets;
    private List<String> inlets;
    private List<String> outletAliases;
    private List<String> inletAliases;
    private String queue;
    private Integer customWeight;

    private Builder() {}

    public Builder taskId(String value) {
      this.taskId = value;
      return this;
    }

    public Builder operator(String value) {
      this.operator = value;
      return this;
    }

    public Builder operatorClass(String value) {
      this.operatorClass = value;
      return this;
    }

    public Builder executor(String value) {
      this.executor = value;
      return this;
    }

    public Builder upstream(List<String> value) {
      this.upstream = value;
      return this;
    }

    public Builder triggerRule(String value) {
      this.triggerRule = value;
      return this;
    }

    public Builder pool(String value) {
      this.pool = value;
      return this;
    }

    public Builder poolSlots(int value) {
      this.poolSlots = value;
      return this;
    }

    public Builder priorityWeight(int value) {
      this.priorityWeight = value;
      return this;
    }

    public Builder weightRule(String value) {
      this.weightRule = value;
      return this;
    }

    public Builder retries(int value) {
      this.retries = value;
      return this;
    }

    public Builder retryDelaySeconds(double value) {
      this.retryDelaySeconds = value;
      return this;
    }

    public Builder retryExponentialBackoff(boolean value) {
      this.retryExponentialBackoff = value;
      return this;
    }

    public Builder maxRetryDelaySeconds(Double value) {
      this.maxRetryDelaySeconds = value;
      return this;
    }

    public Builder executionTimeoutSeconds(Double value) {
      this.executionTimeoutSeconds = value;
      return this;
    }

    public Builder dependsOnPast(boolean value) {
      this.dependsOnPast = value;
      return this;
    }

    public Builder waitForDownstream(boolean value) {
      this.waitForDownstream = value;
      return this;
    }

    public Builder templateFields(List<String> value) {
      this.templateFields = value;
      return this;
    }

    public Builder args(Map<String, Object> value) {
      this.args = value;
      return this;
    }

    public Builder sensor(SensorSpec value) {
      this.sensor = value;
      return this;
    }

    public Builder mapped(MappedSpec value) {
      this.mapped = value;
      return this;
    }

    public Builder taskGroup(String value) {
      this.taskGroup = value;
      return this;
    }

    public Builder docMd(String value) {
      this.docMd = value;
      return this;
    }

    public Builder lineno(int value) {
      this.lineno = value;
      return this;
    }

    public Builder doXcomPush(boolean value) {
      this.doXcomPush = value;
      return this;
    }

    public Builder multipleOutputs(boolean value) {
      this.multipleOutputs = value;
      return this;
    }

    public Builder owner(String value) {
      this.owner = value;
      return this;
    }

    public Builder uiColor(String value) {
      this.uiColor = value;
      return this;
    }

    public Builder setup(boolean value) {
      this.setup = value;
      return this;
    }

    public Builder teardown(boolean value) {
      this.teardown = value;
      return this;
    }

    public Builder onFailureFailDagrun(boolean value) {
      this.onFailureFailDagrun = value;
      return this;
    }

    public Builder outlets(List<String> value) {
      this.outlets = value;
      return this;
    }

    public Builder inlets(List<String> value) {
      this.inlets = value;
      return this;
    }

    public Builder outletAliases(List<String> value) {
      this.outletAliases = value;
      return this;
    }

    public Builder inletAliases(List<String> value) {
      this.inletAliases = value;
      return this;
    }

    public Builder queue(String value) {
      this.queue = value;
      return this;
    }

    public Builder customWeight(Integer value) {
      this.customWeight = value;
      return this;
    }

    public TaskSpec build() {
      return new TaskSpec(
          taskId, operator, operatorClass, executor, upstream, triggerRule, pool, poolSlots, priorityWeight, weightRule,
          retries, retryDelaySeconds, retryExponentialBackoff, maxRetryDelaySeconds, executionTimeoutSeconds,
          dependsOnPast, waitForDownstream, templateFields, args, sensor, mapped, taskGroup, docMd, lineno, doXcomPush,
          multipleOutputs, owner, uiColor, setup, teardown, onFailureFailDagrun, outlets, inlets, outletAliases,
          inletAliases, queue, customWeight);
    }
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
