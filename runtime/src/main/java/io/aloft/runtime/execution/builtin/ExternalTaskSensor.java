package io.aloft.runtime.execution.builtin;

import io.aloft.runtime.trigger.DeferrableSensor;
import io.aloft.runtime.trigger.Trigger;
import io.aloft.sdk.PokeResult;
import io.aloft.sdk.TaskContext;
import io.aloft.sdk.TaskFailException;
import io.aloft.sdk.TaskSkipException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Airflow's ExternalTaskSensor: waits until tasks of another DAG (or the whole DAG run, or a task group) reach one
 * of {@code allowed_states} in the run at the same logical date, or at the logical date shifted back by {@code
 * execution_delta}, or at the dates {@code execution_date_fn} returns (evaluated in the task's Python context before the
 * try, see {@code PythonArgs}). Any instance in {@code failed_states} fails the sensor (skipped with {@code soft_fail}, by the runtime); any in
 * {@code skipped_states} skips it. With {@code check_existence} a missing DAG or task fails at once instead of waiting
 * out the timeout. With {@code deferrable=True} it waits in the triggerer on a {@code WorkflowTrigger} over the same
 * instances (one store query per {@code poke_interval}, no worker slot) and pokes once more when that fires.
 */
final class ExternalTaskSensor implements DeferrableSensor {

  /** What the sensor watches: the DAG, its tasks (none: the DAG run), the logical dates, and how to name them. */
  private record Target(String dagId, List<String> taskIds, String groupId, List<Instant> dates, String what) {}

  private final Args args;
  private final CrossDagRuns dags;

  ExternalTaskSensor(Map<String, Object> arguments, CrossDagRuns dags) {
    this.args = new Args(arguments);
    this.dags = dags;
  }

  private Target target(TaskContext ctx) {
    String dagId = args.string("external_dag_id");
    List<String> taskIds = taskIds();
    String groupId = args.string("external_task_group_id");
    Instant when = ctx.run().logicalDate();
    if (args.number("execution_delta") != null) {
      when = when.minus(Duration.ofMillis(Math.round(args.number("execution_delta") * 1000)));
    }
    List<Instant> dates = List.of(when);
    if (args.bool("execution_date_fn", false)) {
      dates = executionDates();
      when = dates.isEmpty() ? when : dates.getFirst();
    }
    if (args.bool("check_existence", false)) {
      checkExistence(dagId, taskIds);
    }
    if (groupId != null) {
      taskIds = dags.groupTasks(dagId, groupId);
      if (taskIds.isEmpty() && args.bool("check_existence", false)) {
        throw new TaskFailException("The external task_group '" + groupId + "' in DAG '" + dagId + "' does not exist.");
      }
    }
    String what = groupId != null ? "task_group '" + groupId + "'"
        : taskIds.isEmpty() ? "DAG" : "task(s) " + taskIds;
    return new Target(dagId, taskIds, groupId, dates, what);
  }

  @Override
  public Trigger trigger(TaskContext ctx, Instant pokeAgainAt) {
    Target t = target(ctx);
    if (t.groupId() != null && t.taskIds().isEmpty()) {
      return new Trigger.DateTime(pokeAgainAt); // an empty group: nothing a store query could wait for
    }
    Number interval = args.number("poke_interval");
    Duration every = interval != null ? Duration.ofMillis(Math.round(interval.doubleValue() * 1000))
        : Duration.between(Instant.now(), pokeAgainAt);
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      every = Duration.ofSeconds(1);
    }
    return new Trigger.TaskStates(t.dagId(), t.taskIds(), t.dates(), Set.copyOf(states("allowed_states", List.of("success"))), Set.copyOf(states("failed_states", List.of())),
        Set.copyOf(states("skipped_states", List.of())), every);
  }

  @Override
  public PokeResult poke(TaskContext ctx) {
    Target t = target(ctx);
    String dagId = t.dagId();
    List<String> taskIds = t.taskIds();
    String groupId = t.groupId();
    List<Instant> dates = t.dates();
    Instant when = dates.isEmpty() ? ctx.run().logicalDate() : dates.getFirst();
    String what = t.what();
    ctx.log().info("Poking for " + what + " in DAG " + dagId + " on "
        + (dates.size() == 1 ? when.toString() : dates.toString()) + " ... ");
    List<String> states = taskIds.isEmpty() && groupId == null
        ? dags.runStatesAt(dagId, dates)
        : dags.taskStatesAt(dagId, taskIds, dates);
    List<String> allowed = states("allowed_states", List.of("success"));
    List<String> failed = states("failed_states", List.of());
    List<String> skipped = states("skipped_states", List.of());
    if (states.stream().anyMatch(failed::contains)) {
      // With soft_fail the runtime turns this into a skip, as for any failing poke.
      throw new TaskFailException("The external " + what + " in DAG " + dagId + " failed.");
    }
    if (states.stream().anyMatch(skipped::contains)) {
      throw new TaskSkipException("The external " + what + " in DAG " + dagId + " reached a skipped state.");
    }
    // Every expected instance must be there and allowed: one per task (or per DAG run) and logical date.
    int expected = (taskIds.isEmpty() ? 1 : taskIds.size()) * dates.size();
    boolean done = states.size() >= expected && !states.isEmpty() && states.stream().allMatch(allowed::contains);
    return done ? PokeResult.done(null) : PokeResult.notYet();
  }

  /** The dates execution_date_fn gave for this try (computed by the task's Python code before it started). */
  private List<Instant> executionDates() {
    if (!args.has("execution_dates")) {
      throw new IllegalStateException("execution_date_fn was not evaluated before the sensor ran: run the task"
          + " through the daemon or `aloft dags test`, which evaluate it in the task's Python context");
    }
    return args.strings("execution_dates").stream().map(ExternalTaskSensor::instant).toList();
  }

  private static Instant instant(String iso) {
    try {
      return java.time.OffsetDateTime.parse(iso).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return java.time.LocalDateTime.parse(iso).toInstant(java.time.ZoneOffset.UTC);
    }
  }

  private void checkExistence(String dagId, List<String> taskIds) {
    if (!dags.dagExists(dagId)) {
      throw new TaskFailException("The external DAG " + dagId + " does not exist.");
    }
    for (String t : taskIds) {
      if (!dags.taskExists(dagId, t)) {
        throw new TaskFailException("The external task " + t + " in DAG " + dagId + " does not exist.");
      }
    }
  }

  private List<String> taskIds() {
    if (args.has("external_task_ids")) {
      return args.strings("external_task_ids");
    }
    return args.has("external_task_id") ? List.of(args.string("external_task_id")) : List.of();
  }

  private List<String> states(String name, List<String> def) {
    return args.has(name) ? args.strings(name).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList() : def;
  }
}
