package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.model.TriggerRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One scheduling pass over a run: for every task instance without a state, applies its trigger rule
 * ({@link TriggerRuleEvaluator}) and says which become {@code scheduled} and which are marked {@code
 * skipped}, {@code upstream_failed} or {@code removed}. Marks propagate within the pass (Airflow needs
 * one scheduler loop per level for that; the end states are the same), so a failure deep in a chain
 * settles the whole chain at once.
 *
 * <p>A mapped task that is not expanded yet has one instance with map index -1; "scheduled" for it
 * means "expand it now". Retry and reschedule waits are time-based and not decided here (see {@link
 * RetryPolicy}, {@link SensorPolicy}).
 */
public final class ReadinessPlanner {

  /** A state change the scheduler loop should write, with the reason for the UI. */
  public record Transition(String taskId, int mapIndex, TaskState newState, String reason) {}

  private ReadinessPlanner() {}

  /** Plans a pass for a run whose {@code depends_on_past} tasks all have their past met. */
  public static List<Transition> plan(DagGraph graph, Collection<TiState> tis) {
    return plan(graph, tis, taskId -> true);
  }

  /**
   * Plans a pass. {@code pastDependsMet} answers, for a task with {@code depends_on_past}, whether its
   * instance in the previous run succeeded or was skipped (or does not exist); see {@link
   * #pastDependsMet}. An unmet past only holds back running: trigger-rule marks still apply (Airflow's
   * default {@code wait_for_past_depends_before_skipping=False}).
   */
  public static List<Transition> plan(
      DagGraph graph, Collection<TiState> tis, Predicate<String> pastDependsMet) {
    Map<String, List<TiState>> byTask = new LinkedHashMap<>();
    for (TiState ti : tis) {
      byTask.computeIfAbsent(ti.taskId(), k -> new ArrayList<>()).add(ti);
    }
    Map<TiState, Transition> decided = new LinkedHashMap<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (TaskSpec task : graph.dag().tasks()) {
        List<TiState> instances = byTask.getOrDefault(task.taskId(), List.of());
        for (int i = 0; i < instances.size(); i++) {
          TiState ti = instances.get(i);
          if (ti.state() != TaskState.NONE || decided.containsKey(ti)) {
            continue;
          }
          TriggerDecision d = decide(graph, byTask, task, ti.mapIndex());
          TaskState next = stateFor(d.verdict());
          if (next == null
              || (next == TaskState.SCHEDULED
                  && task.dependsOnPast()
                  && !pastDependsMet.test(task.taskId()))) {
            continue;
          }
          decided.put(ti, new Transition(ti.taskId(), ti.mapIndex(), next, d.reason()));
          if (next != TaskState.SCHEDULED) {
            instances.set(i, ti.with(next));
            changed = true;
          }
        }
      }
    }
    return List.copyOf(decided.values());
  }

  /**
   * Airflow's depends_on_past check on the same task's instance in the previous run: met when there is
   * none (first run, or a new task) or it succeeded or was skipped.
   */
  public static boolean pastDependsMet(TaskState previousRunState) {
    return previousRunState == null
        || previousRunState == TaskState.SUCCESS
        || previousRunState == TaskState.SKIPPED;
  }

  static TriggerDecision decide(
      DagGraph graph, Map<String, List<TiState>> byTask, TaskSpec task, int mapIndex) {
    TriggerDecision setups = indirectSetupsDecision(graph, byTask, task);
    if (setups != null) {
      return setups;
    }
    List<TaskState> upstreamStates = new ArrayList<>();
    List<TaskState> setupStates = new ArrayList<>(); // of the upstream setup tasks (all_done_setup_success)
    for (String up : task.upstream()) {
      List<TiState> instances = byTask.getOrDefault(up, List.of());
      TaskSpec upTask = graph.task(up);
      boolean setup = upTask.setup();
      if (task.isMapped() && task.mapped().sameGroup(upTask.mapped())) {
        instances = sameGroupInstances(instances, mapIndex);
        if (instances == null) {
          continue;
        }
      }
      if (instances.isEmpty()) {
        // An upstream without an instance yet still counts, unfinished, as Airflow counts tasks.
        upstreamStates.add(TaskState.NONE);
        if (setup) {
          setupStates.add(TaskState.NONE);
        }
      }
      for (TiState u : instances) {
        upstreamStates.add(u.state());
        if (setup) {
          setupStates.add(u.state());
        }
      }
    }
    return TriggerRuleEvaluator.evaluate(ruleOf(task), UpstreamCounts.of(upstreamStates, setupStates), mapIndex);
  }

  /**
   * Within a mapped task group, instance {@code i} of a task depends only on instance {@code i} of an upstream
   * task of the same group (Airflow's relevant upstream map indexes). Before either is expanded the upstream's
   * unexpanded instance counts (it may be finished: skipped for an empty input, upstream_failed); once the
   * upstream is expanded, the task's own unexpanded instance no longer waits for it — both expand to the group's
   * length. Null when the upstream does not count at all.
   */
  private static List<TiState> sameGroupInstances(List<TiState> instances, int mapIndex) {
    boolean expanded = instances.stream().anyMatch(u -> u.mapIndex() >= 0);
    if (!expanded) {
      return instances;
    }
    return mapIndex < 0 ? null : instances.stream().filter(u -> u.mapIndex() == mapIndex).toList();
  }

  /**
   * Airflow's setup constraint for a task inside a setup's scope but not directly downstream of it: a failed
   * (or upstream_failed) indirect setup marks it upstream_failed and a skipped one skipped, whatever its trigger
   * rule; until they are all done it waits. Null when the constraint lets the trigger rule decide.
   */
  private static TriggerDecision indirectSetupsDecision(DagGraph graph, Map<String, List<TiState>> byTask, TaskSpec task) {
    Set<String> indirect = graph.indirectSetups(task.taskId());
    if (indirect.isEmpty()) {
      return null;
    }
    boolean allDone = true;
    String skipped = null;
    for (String setup : indirect) {
      List<TiState> instances = byTask.getOrDefault(setup, List.of());
      if (instances.isEmpty()) {
        allDone = false;
      }
      for (TiState s : instances) {
        if (s.state() == TaskState.FAILED || s.state() == TaskState.UPSTREAM_FAILED) {
          return new TriggerDecision(TriggerDecision.Verdict.UPSTREAM_FAILED, "its setup task '" + setup + "' failed");
        }
        if (s.state() == TaskState.SKIPPED && skipped == null) {
          skipped = setup;
        }
        allDone &= s.state().isFinished();
      }
    }
    if (skipped != null) {
      return new TriggerDecision(TriggerDecision.Verdict.SKIP, "its setup task '" + skipped + "' was skipped");
    }
    return allDone ? null : new TriggerDecision(TriggerDecision.Verdict.WAIT, "waits for its setup tasks " + indirect);
  }

  static TriggerRule ruleOf(TaskSpec task) {
    return TriggerRule.parse(task.triggerRule())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "task '%s' has unknown trigger rule '%s'"
                        .formatted(task.taskId(), task.triggerRule())));
  }

  private static TaskState stateFor(TriggerDecision.Verdict v) {
    return switch (v) {
      case RUN -> TaskState.SCHEDULED;
      case SKIP -> TaskState.SKIPPED;
      case UPSTREAM_FAILED -> TaskState.UPSTREAM_FAILED;
      case REMOVED -> TaskState.REMOVED;
      case WAIT -> null;
    };
  }
}
