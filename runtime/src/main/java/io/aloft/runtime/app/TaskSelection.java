package io.aloft.runtime.app;

import io.aloft.runtime.scheduler.DagGraph;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which tasks a clear or a mark covers, given the tasks a user picked: Airflow 2.10's {@code partial_subset} rules,
 * setups and teardowns included. Pure.
 *
 * <p>Clearing a work task clears the setups it relies on (a setup upstream of it whose teardown is downstream of it,
 * or that has no teardown) and their teardowns, so that the resource it needs exists again and is torn down again;
 * clearing a setup clears its teardowns; with {@code upstream}, every setup found upstream brings its teardowns.
 */
final class TaskSelection {

  private TaskSelection() {}

  /**
   * @param withSetupsAndTeardowns whether to follow the setup/teardown rules (a clear does; a mark does not, as in
   *     Airflow)
   */
  static Set<String> expand(
      DagGraph graph, Collection<String> picked, boolean upstream, boolean downstream, boolean withSetupsAndTeardowns) {
    Set<String> out = new LinkedHashSet<>(picked);
    for (String t : picked) {
      if (downstream) {
        out.addAll(graph.allDownstream(t));
      }
      if (upstream) {
        Set<String> ups = graph.allUpstream(t);
        out.addAll(ups);
        if (withSetupsAndTeardowns) {
          for (String u : ups) {
            if (graph.task(u).setup()) {
              out.addAll(teardownsOf(graph, u));
            }
          }
        }
      } else if (withSetupsAndTeardowns && !graph.task(t).setup()) {
        out.addAll(relevantSetupsAndTeardowns(graph, t));
      }
      if (withSetupsAndTeardowns && graph.task(t).setup() && !downstream) {
        out.addAll(teardownsOf(graph, t));
      }
    }
    return out;
  }

  private static Set<String> teardownsOf(DagGraph graph, String setup) {
    Set<String> out = new LinkedHashSet<>();
    for (String d : graph.directDownstream(setup)) {
      if (graph.task(d).teardown()) {
        out.add(d);
      }
    }
    return out;
  }

  /** The setups upstream of {@code task} whose teardown is downstream of it (or that have none), and their teardowns. */
  private static Set<String> relevantSetupsAndTeardowns(DagGraph graph, String task) {
    Set<String> teardownsBelow = new LinkedHashSet<>();
    for (String d : graph.allDownstream(task)) {
      if (graph.task(d).teardown()) {
        teardownsBelow.add(d);
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (String u : graph.allUpstream(task)) {
      if (!graph.task(u).setup()) {
        continue;
      }
      Set<String> own = teardownsOf(graph, u);
      if (own.isEmpty() || own.stream().anyMatch(teardownsBelow::contains)) {
        out.add(u);
        own.stream().filter(x -> !x.equals(task)).forEach(out::add);
      }
    }
    return out;
  }
}
