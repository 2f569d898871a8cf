package io.aloft.runtime.app;

import io.aloft.runtime.execution.builtin.CrossDagRuns;
import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import io.aloft.runtime.scheduler.InvalidConfException;
import io.aloft.runtime.scheduler.UnknownDagException;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DuplicateRunException;
import io.aloft.runtime.store.Stores;
import io.aloft.runtime.store.TaskInstanceRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in cross-DAG operators' view of other DAGs, over the application services: a TriggerDagRunOperator's
 * run is triggered (conf checked against the DAG's params, audited as {@code trigger} by the actor {@code
 * operator:<dag>.<task>}'s stand-in {@link #ACTOR}) and reset through the same paths as the UI's. Thread-safe.
 */
public final class OperatorDagRuns implements CrossDagRuns {

  /** Who the audit log names for runs that an operator triggers or clears, as Airflow's triggered_by=OPERATOR. */
  static final Actor ACTOR = new Actor("operator", "local");

  private final Stores stores;
  private final Runs runs;
  private final TaskInstances taskInstances;

  public OperatorDagRuns(Stores stores, Application app) {
    this.stores = stores;
    this.runs = app.runs();
    this.taskInstances = app.taskInstances();
  }

  @Override
  public boolean isLatestScheduled(String dagId, String runId) {
    return stores.runs().isLatestScheduled(dagId, runId);
  }

  @Override
  public Triggered trigger(String dagId, String runId, Map<String, Object> conf, Instant logicalDate, boolean reset) {
    try {
      DagRunRow run = runs.trigger(ACTOR, dagId, runId, conf, logicalDate);
      return new Triggered(run.runId(), run.logicalDate(), false);
    } catch (UnknownDagException e) {
      throw new IllegalArgumentException("no DAG has the id '" + dagId + "'", e);
    } catch (InvalidConfException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (DuplicateRunException e) {
      DagRunRow existing = existing(dagId, runId, logicalDate)
          .orElseThrow(() -> new CrossDagRuns.AlreadyExists(e.getMessage()));
      if (!reset) {
        throw new CrossDagRuns.AlreadyExists("A DAG run of '" + dagId + "' already exists: " + existing.runId()
            + " at " + existing.logicalDate());
      }
      // Airflow clears the run's task instances; the run goes back to queued and its conf stays as it was.
      taskInstances.clear(ACTOR, ClearRequest.wholeRun(dagId, existing.runId(), false, false));
      return new Triggered(existing.runId(), existing.logicalDate(), true);
    }
  }

  private Optional<DagRunRow> existing(String dagId, String runId, Instant logicalDate) {
    if (runId != null) {
      Optional<DagRunRow> byId = stores.runs().get(dagId, runId);
      if (byId.isPresent()) {
        return byId;
      }
    }
    return Optional.ofNullable(stores.runs().byLogicalDate(dagId, logicalDate, logicalDate).get(logicalDate));
  }

  @Override
  public Optional<String> runState(String dagId, String runId) {
    return stores.runs().get(dagId, runId).map(r -> r.state().airflowName());
  }

  @Override
  public boolean dagExists(String dagId) {
    return stores.dags().get(dagId).isPresent();
  }

  @Override
  public boolean taskExists(String dagId, String taskId) {
    return stores.dags().currentSpec(dagId).map(s -> s.tasks().stream().anyMatch(t -> t.taskId().equals(taskId)))
        .orElse(false);
  }

  @Override
  public List<String> groupTasks(String dagId, String groupId) {
    Optional<DagSpec> spec = stores.dags().currentSpec(dagId);
    if (spec.isEmpty()) {
      return List.of();
    }
    return spec.get().tasks().stream()
        .filter(t -> t.taskGroup() != null && (t.taskGroup().equals(groupId) || t.taskGroup().startsWith(groupId + ".")))
        .map(TaskSpec::taskId)
        .toList();
  }

  @Override
  public List<String> runStatesAt(String dagId, Collection<Instant> logicalDates) {
    List<String> out = new ArrayList<>();
    for (Instant at : logicalDates) {
      DagRunRow run = stores.runs().byLogicalDate(dagId, at, at).get(at);
      if (run != null) {
        out.add(run.state().airflowName());
      }
    }
    return out;
  }

  @Override
  public List<String> taskStatesAt(String dagId, Collection<String> taskIds, Collection<Instant> logicalDates) {
    Set<String> wanted = Set.copyOf(taskIds);
    List<String> out = new ArrayList<>();
    for (Instant at : logicalDates) {
      DagRunRow run = stores.runs().byLogicalDate(dagId, at, at).get(at);
      if (run == null) {
        continue;
      }
      for (TaskInstanceRow ti : stores.taskInstances().listForRun(dagId, run.runId())) {
        if (wanted.contains(ti.taskId())) {
          out.add(ti.state().dbName());
        }
      }
    }
    return out;
  }
}
