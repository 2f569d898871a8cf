package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.DatasetCondition;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DatasetStore.Queued;
import io.aloft.runtime.store.NewDagRun;
import io.aloft.runtime.store.Stores;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@code dataset_triggered} runs of data-aware DAGs: for each DAG with queued dataset events whose
 * condition the queued events meet, one run, and the events leave the queue in the same transaction (row-locked,
 * so two daemons never make two runs of the same events). Stateless; called by {@link ScheduledRuns} inside the
 * deciders' transaction.
 */
public final class DatasetTriggers {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetTriggers.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private final Stores stores;

  public DatasetTriggers(Stores stores) {
    this.stores = stores;
  }

  /** The pure decision: whether the datasets with queued events satisfy the DAG's condition. */
  public static boolean isMet(DatasetCondition condition, List<Queued> queued) {
    return isMet(condition, queued, Map.of());
  }

  /** As {@link #isMet(DatasetCondition, List)}, an alias standing for the datasets {@code aliasUris} gives it. */
  public static boolean isMet(DatasetCondition condition, List<Queued> queued, Map<String, Set<String>> aliasUris) {
    if (condition == null || queued.isEmpty()) {
      return false;
    }
    Set<String> updated = queued.stream().map(Queued::uri).collect(Collectors.toSet());
    return condition.isMet(updated::contains, a -> aliasUris.getOrDefault(a, Set.of()));
  }

  /** Whether any DAG has queued events (no transaction). */
  public boolean anyQueued() {
    return stores.datasets().anyQueued();
  }

  /** True if it created a run. */
  public boolean createRuns(Handle h, Instant now) {
    boolean created = false;
    for (String dagId : stores.datasets().queuedDags(h)) {
      Optional<DagRow> dag = stores.dags().get(dagId);
      if (dag.isEmpty() || dag.get().isPaused()) {
        continue; // events wait in the queue until the DAG is unpaused, as in Airflow
      }
      DagSpec spec = stores.dags().spec(dagId, dag.get().specHash());
      List<Queued> queued = stores.datasets().lockQueue(h, dagId);
      DatasetCondition condition = spec.schedule() == null ? null : spec.schedule().datasets();
      if (condition == null || !dag.get().isActive()) {
        stores.datasets().consume(h, dagId, queued, null); // no longer data-aware: nothing will consume them
        continue;
      }
      List<String> aliases = condition.aliases();
      Map<String, Set<String>> aliasUris =
          aliases.isEmpty() ? Map.of() : stores.datasets().aliasMembers(h, aliases);
      if (!isMet(condition, queued, aliasUris)) {
        continue;
      }
      Instant first = queued.stream().map(Queued::timestamp).min(Comparator.naturalOrder()).orElse(now);
      Instant last = queued.stream().map(Queued::timestamp).max(Comparator.naturalOrder()).orElse(now);
      DagRunRow run =
          stores.runs().create(
              h,
              new NewDagRun(dagId, "dataset_triggered__" + RUN_ID_TIME.format(now), dag.get().specHash(),
                  "dataset_triggered", now, first, last, Map.of(), false),
              spec,
              PriorityWeights.of(DagGraph.of(spec)),
              now);
      stores.datasets().consume(h, dagId, queued, run.id());
      LOG.info("DAG {}: created {} for {} dataset event(s)", dagId, run.runId(), queued.size());
      created = true;
    }
    return created;
  }
}
