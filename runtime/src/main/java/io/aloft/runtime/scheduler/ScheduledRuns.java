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
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the automated runs that are due, per DAG timetable, up to {@code max_active_runs} queued or
 * running at once (catch-up fills in over later passes), and records each DAG's next run for the UI.
 * Paused DAGs get no automated runs; runs triggered by hand are not affected by pausing.
 */
public final class ScheduledRuns implements SchedulerLoop.RunCreator {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  /** Schedules are checked at most this often: passes woken by every finished try need not re-read them. */
  private static final java.time.Duration CHECK_EVERY = java.time.Duration.ofSeconds(1);

  private final Stores stores;
  private Instant nextCheck = Instant.MIN;

  public ScheduledRuns(Stores stores) {
    this.stores = stores;
  }

  @Override
  public boolean checkDue(Instant now) {
    return !now.isBefore(nextCheck);
  }

  @Override
  public boolean createDueRuns(Handle h, Instant now) {
    if (!checkDue(now)) {
      return false;
    }
    nextCheck = now.plus(CHECK_EVERY);
    boolean created = false;
    for (DagRow dag : stores.dags().listActive()) {
      if (dag.isPaused()) {
        continue;
      }
      DagSpec spec = stores.dags().spec(dag.dagId(), dag.specHash());
      if (spec.schedule() == null || "none".equals(spec.schedule().type())) {
        continue;
      }
      try {
        created |= createFor(h, dag, spec, now);
      } catch (RuntimeException e) {
        LOG.warn("cannot schedule DAG {}: {}", dag.dagId(), e.getMessage());
      }
    }
    return created;
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
    Instant nextAt = next.map(DagRunInfo::logicalDate).orElse(null);
    if (!java.util.Objects.equals(nextAt, dag.nextDagrun())) {
      stores.dags().setNextDagrun(
          dag.dagId(), nextAt, next.map(i -> i.dataInterval().start()).orElse(null), next.map(i -> i.dataInterval().end()).orElse(null));
    }
    return created;
  }
}
