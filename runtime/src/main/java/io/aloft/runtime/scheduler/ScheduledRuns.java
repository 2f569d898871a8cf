package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.store.DagRow;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.NewDagRun;
import io.aloft.runtime.store.Stores;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the automated runs that are due, per DAG timetable, up to {@code max_active_runs} queued or
 * running at once (catch-up fills in over later passes), and records each DAG's next run for the UI.
 * Paused DAGs get no automated runs; runs triggered by hand are not affected by pausing. Data-aware DAGs get
 * their runs from {@link DatasetTriggers} in the same pass.
 */
public final class ScheduledRuns implements SchedulerLoop.RunCreator {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  /** Schedules are checked at most this often: passes woken by every finished try need not re-read them. */
  private static final java.time.Duration CHECK_EVERY = java.time.Duration.ofSeconds(1);

  private final Stores stores;
  private final DatasetTriggers datasetTriggers;
  private volatile Instant nextCheck = Instant.MIN;

  /**
   * Per DAG version ({@code dag_id@spec_hash}): the earliest time its next automated run can be due, as its
   * timetable said last time (Instant.MAX: never, e.g. no schedule). Airflow keeps the same in
   * {@code dag.next_dagrun}; here it spares an idle pass the transaction and the per-DAG queries.
   */
  private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();

  public ScheduledRuns(Stores stores) {
    this.stores = stores;
    this.datasetTriggers = new DatasetTriggers(stores);
  }

  /** At most once a second, and only if some unpaused DAG may have a run due now (one query, no transaction). */
  @Override
  public boolean checkDue(Instant now) {
    if (now.isBefore(nextCheck)) {
      return false;
    }
    if (datasetTriggers.anyQueued()) {
      return true;
    }
    for (DagRow dag : stores.dags().listActive()) {
      if (!dag.isPaused() && mayBeDue(dag, now)) {
        return true;
      }
    }
    nextCheck = now.plus(CHECK_EVERY);
    return false;
  }

  @Override
  public boolean createDueRuns(Handle h, Instant now) {
    nextCheck = now.plus(CHECK_EVERY);
    boolean created = datasetTriggers.createRuns(h, now);
    for (DagRow dag : stores.dags().listActive()) {
      if (dag.isPaused() || !mayBeDue(dag, now)) {
        continue;
      }
      DagSpec spec = stores.dags().spec(dag.dagId(), dag.specHash());
      if (spec.schedule() == null || "none".equals(spec.schedule().type())) {
        notBefore.put(key(dag), Instant.MAX);
        continue;
      }
      try {
        created |= createFor(h, dag, spec, now);
      } catch (RuntimeException e) {
        notBefore.remove(key(dag));
        LOG.warn("cannot schedule DAG {}: {}", dag.dagId(), e.getMessage());
      }
    }
    return created;
  }

  private boolean mayBeDue(DagRow dag, Instant now) {
    Instant earliest = notBefore.get(key(dag));
    return earliest == null || !now.isBefore(earliest);
  }

  private static String key(DagRow dag) {
    return dag.dagId() + "@" + dag.specHash();
  }

  /** True if it created a run. */
  private boolean createFor(Handle h, DagRow dag, DagSpec spec, Instant now) {
    boolean created = false;
    Timetable timetable = Timetable.of(spec);
    TimeRestriction restriction = Timetable.restriction(spec);
    Optional<DagRunRow> last = stores.runs().latestScheduled(h, dag.dagId());
    DataInterval lastInterval =
        last.map(r -> new DataInterval(r.dataIntervalStart(), r.dataIntervalEnd())).orElse(null);
    Optional<DagRunInfo> next = timetable.nextDagRunInfo(lastInterval, restriction, now);
    int active = stores.runs().countActive(h, dag.dagId());
    while (next.isPresent() && next.get().isDue(now) && active < spec.maxActiveRuns()) {
      DagRunInfo info = next.get();
      if (!stores.runs().existsAt(h, dag.dagId(), info.logicalDate())) {
        stores.runs().create(
            h,
            new NewDagRun(dag.dagId(), "scheduled__" + RUN_ID_TIME.format(info.logicalDate()), dag.specHash(), "scheduled",
                info.logicalDate(), info.dataInterval().start(), info.dataInterval().end(), Map.of(), false),
            spec,
            PriorityWeights.of(DagGraph.of(spec)),
            now);
        active++;
        created = true;
      }
      next = timetable.nextDagRunInfo(info.dataInterval(), restriction, now);
    }
    if (next.isEmpty()) {
      notBefore.put(key(dag), Instant.MAX);
    } else if (!next.get().isDue(now)) {
      notBefore.put(key(dag), next.get().runAfter());
    } else {
      notBefore.remove(key(dag)); // due, held back by max_active_runs: look again at the next pass
    }
    Instant nextAt = next.map(DagRunInfo::logicalDate).orElse(null);
    if (!java.util.Objects.equals(nextAt, dag.nextDagrun())) {
      stores.dags().setNextDagrun(
          dag.dagId(), nextAt, next.map(i -> i.dataInterval().start()).orElse(null), next.map(i -> i.dataInterval().end()).orElse(null));
    }
    return created;
  }
}
