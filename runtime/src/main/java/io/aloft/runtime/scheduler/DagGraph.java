package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task graph of a {@link DagSpec} with edges both ways, built once per DAG version. Immutable and
 * safe to share between threads. Iteration orders follow the DAG's task order.
 */
public final class DagGraph {

  private final DagSpec dag;
  private final Map<String, TaskSpec> tasks = new LinkedHashMap<>();
  private final Map<String, Set<String>> downstream = new LinkedHashMap<>();
  private final Set<String> setups = new LinkedHashSet<>();
  private final Map<String, Set<String>> indirectSetups = new java.util.concurrent.ConcurrentHashMap<>();
  private final boolean dependsOnPast;

  private DagGraph(DagSpec dag) {
    this.dag = dag;
    this.dependsOnPast = dag.tasks().stream().anyMatch(TaskSpec::dependsOnPast);
    for (TaskSpec t : dag.tasks()) {
      tasks.put(t.taskId(), t);
      downstream.put(t.taskId(), new LinkedHashSet<>());
      if (t.setup()) {
        setups.add(t.taskId());
      }
    }
    for (TaskSpec t : dag.tasks()) {
      for (String up : t.upstream()) {
        Set<String> down = downstream.get(up);
        if (down == null) {
          throw new IllegalArgumentException(
              "task '%s' names unknown upstream '%s'".formatted(t.taskId(), up));
        }
        down.add(t.taskId());
      }
    }
  }

  public static DagGraph of(DagSpec dag) {
    return new DagGraph(dag);
  }

  public DagSpec dag() {
    return dag;
  }

  /** Whether any task has depends_on_past: its runs then wait on other runs, not only on their own instances. */
  public boolean anyDependsOnPast() {
    return dependsOnPast;
  }

  public boolean contains(String taskId) {
    return tasks.containsKey(taskId);
  }

  public TaskSpec task(String taskId) {
    TaskSpec t = tasks.get(taskId);
    if (t == null) {
      throw new IllegalArgumentException(
          "DAG '%s' has no task '%s'".formatted(dag.dagId(), taskId));
    }
    return t;
  }

  public List<String> upstream(String taskId) {
    return task(taskId).upstream();
  }

  public Set<String> directDownstream(String taskId) {
    task(taskId);
    return Collections.unmodifiableSet(downstream.get(taskId));
  }

  /** Every task reachable downstream of {@code taskId}, itself excluded. */
  public Set<String> allDownstream(String taskId) {
    return reach(taskId, true);
  }

  /** Every task from which {@code taskId} is reachable, itself excluded. */
  public Set<String> allUpstream(String taskId) {
    return reach(taskId, false);
  }

  /** Tasks with no downstream task: they decide a run's final state. */
  public Set<String> leaves() {
    Set<String> leaves = new LinkedHashSet<>();
    downstream.forEach((id, down) -> {
      if (down.isEmpty()) {
        leaves.add(id);
      }
    });
    return leaves;
  }

  /**
   * The tasks whose instances decide a finished run's state, as Airflow's {@code _tis_for_dagrun_state}: the
   * leaves, where a teardown (unless {@code on_failure_fail_dagrun}) does not count and does not make its
   * upstream a non-leaf; the plain leaves if that leaves none (a DAG of teardowns only).
   */
  public Set<String> runStateLeaves() {
    Set<String> leaves = new LinkedHashSet<>();
    downstream.forEach((id, down) -> {
      if (!ignorableForRunState(tasks.get(id)) && down.stream().allMatch(d -> ignorableForRunState(tasks.get(d)))) {
        leaves.add(id);
      }
    });
    return leaves.isEmpty() ? leaves() : leaves;
  }

  /**
   * Airflow's relevant upstream setups of a task that are not its direct upstreams ("indirect setups"): every
   * setup upstream of it whose teardown is downstream of it, or that has no teardown. None for a teardown.
   */
  public Set<String> indirectSetups(String taskId) {
    return indirectSetups.computeIfAbsent(taskId, id -> {
      if (task(id).teardown() || setups.isEmpty()) {
        return Set.of();
      }
      Set<String> teardownsBelow = new LinkedHashSet<>();
      for (String d : allDownstream(id)) {
        if (tasks.get(d).teardown()) {
          teardownsBelow.add(d);
        }
      }
      Set<String> relevant = new LinkedHashSet<>();
      for (String up : allUpstream(id)) {
        if (!tasks.get(up).setup() || task(id).upstream().contains(up)) {
          continue;
        }
        Set<String> own = downstream.get(up);
        boolean noTeardown = own.stream().noneMatch(d -> tasks.get(d).teardown());
        if (noTeardown || own.stream().anyMatch(teardownsBelow::contains)) {
          relevant.add(up);
        }
      }
      return Set.copyOf(relevant);
    });
  }

  private static boolean ignorableForRunState(TaskSpec task) {
    return task.teardown() && !task.onFailureFailDagrun();
  }

  private Set<String> reach(String start, boolean down) {
    task(start);
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(start);
    while (!todo.isEmpty()) {
      String id = todo.poll();
      for (String next : down ? downstream.get(id) : tasks.get(id).upstream()) {
        if (seen.add(next)) {
          todo.add(next);
        }
      }
    }
    seen.remove(start);
    return seen;
  }
}
