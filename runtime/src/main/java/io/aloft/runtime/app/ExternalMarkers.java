package io.aloft.runtime.app;

import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.scheduler.DagGraph;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;

/**
 * Airflow's ExternalTaskMarker on clear: clearing a marker task also clears its {@code external_task_id} (and
 * that task's downstream tasks) in the external DAG's run at the marker's {@code execution_date}, and follows the
 * markers found there in turn, at most {@code recursion_depth} DAGs deep (the first marker's), as Airflow 2.10's
 * {@code DAG.clear} does with dependent DAGs. Stateless; runs inside the clear's transaction.
 */
final class ExternalMarkers {

  private static final String MARKER = "ExternalTaskMarker";

  /** Instances of one run of another DAG, to clear with the retries of their tasks. */
  record Found(String dagId, String runId, List<TaskInstanceRow> instances, Map<String, Integer> retries) {}

  private final Stores stores;

  ExternalMarkers(Stores stores) {
    this.stores = stores;
  }

  /**
   * The other DAGs' instances the markers among {@code picked} reach, recursively.
   *
   * @param graphOfRun the graph of each picked instance's run, by run id
   * @param keep which instances to keep (the clear's only_failed / only_running filter)
   * @throws IllegalArgumentException when the markers go deeper than their recursion_depth (a cycle, or too many)
   */
  List<Found> follow(Handle h, String dagId, List<TaskInstanceRow> picked, Map<String, DagGraph> graphOfRun,
      Predicate<TaskInstanceRow> keep) {
    List<Found> out = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    follow(h, dagId, picked, graphOfRun, keep, 0, null, visited, out);
    return out;
  }

  private void follow(Handle h, String dagId, List<TaskInstanceRow> picked, Map<String, DagGraph> graphOfRun,
      Predicate<TaskInstanceRow> keep, int depth, Integer maxDepth, Set<String> visited, List<Found> out) {
    for (TaskInstanceRow ti : picked) {
      DagGraph graph = graphOfRun.get(ti.runId());
      if (graph == null || !graph.contains(ti.taskId())) {
        continue;
      }
      TaskSpec task = graph.task(ti.taskId());
      if (!MARKER.equals(task.operator())) {
        continue;
      }
      int max = maxDepth != null ? maxDepth : intArg(task, "recursion_depth", 10);
      if (depth + 1 > max) {
        throw new IllegalArgumentException("Maximum recursion depth " + max + " reached for ExternalTaskMarker "
            + ti.taskId() + ". Attempted to clear too many tasks or there may be a cyclic dependency.");
      }
      String externalDag = String.valueOf(task.args().get("external_dag_id"));
      String externalTask = String.valueOf(task.args().get("external_task_id"));
      DagRunRow markerRun = stores.runs().get(dagId, ti.runId()).orElse(null);
      if (markerRun == null) {
        continue;
      }
      Instant at = markerDate(task, markerRun.logicalDate());
      DagRow external = stores.dags().get(externalDag).orElse(null);
      if (external == null) {
        continue; // as Airflow: a marker naming a DAG that is gone clears nothing there
      }
      for (DagRunRow run : stores.runs().between(h, externalDag, at, at)) {
        if (!visited.add(externalDag + "\u0000" + run.runId() + "\u0000" + externalTask)) {
          continue;
        }
        DagGraph externalGraph = DagGraph.of(stores.dags().spec(externalDag, run.specHash()));
        if (!externalGraph.contains(externalTask)) {
          continue;
        }
        Set<String> covered =
            io.aloft.runtime.app.TaskSelection.expand(externalGraph, Set.of(externalTask), false, true, true);
        Map<String, Integer> retries = new HashMap<>();
        covered.forEach(t -> retries.put(t, externalGraph.task(t).retries()));
        List<TaskInstanceRow> found = stores.taskInstances().listForRun(h, externalDag, run.runId()).stream()
            .filter(x -> covered.contains(x.taskId()) && keep.test(x))
            .toList();
        if (found.isEmpty()) {
          continue;
        }
        out.add(new Found(externalDag, run.runId(), found, retries));
        follow(h, externalDag, found, Map.of(run.runId(), externalGraph), keep, depth + 1, max, visited, out);
      }
    }
  }

  /**
   * The marker's {@code logical_date} or {@code execution_date} when it is a date; a template (Airflow's default is
   * {@code {{ logical_date.isoformat() }}}) stands for the marker run's logical date.
   */
  private static Instant markerDate(TaskSpec task, Instant runDate) {
    for (String name : List.of("logical_date", "execution_date")) {
      Object v = task.args().get(name);
      if (v instanceof String s && !s.isBlank() && !s.contains("{{")) {
        try {
          return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
          try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
          } catch (DateTimeParseException ignored) {
            // not a date: fall through to the run's logical date
          }
        }
      }
    }
    return runDate;
  }

  private static int intArg(TaskSpec task, String name, int def) {
    return task.args().get(name) instanceof Number n ? n.intValue() : def;
  }
}
