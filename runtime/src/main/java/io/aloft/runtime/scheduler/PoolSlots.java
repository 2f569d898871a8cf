package io.aloft.runtime.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which scheduled task instances may be queued now, as Airflow's scheduler admits them: by effective
 * priority weight (highest first), then older run first, then map index; a candidate is admitted only
 * if its pool has {@code pool_slots} open slots (open = slots − running − queued, all in slots) and its
 * DAG is under {@code max_active_tasks} (queued + running instances over all of its runs). A candidate
 * that does not fit is passed over, so a smaller one behind it may still fit. Pure: the caller supplies
 * a snapshot and writes the result in one transaction.
 */
public final class PoolSlots {

  /** The pool that exists by default and cannot be deleted. */
  public static final String DEFAULT_POOL = "default_pool";

  public static final int DEFAULT_POOL_SLOTS = 128;

  /** A pool's size and use, in slots. */
  public record Pool(String name, int slots, int runningSlots, int queuedSlots) {
    public int open() {
      return slots - runningSlots - queuedSlots;
    }
  }

  /**
   * A scheduled task instance waiting for a slot. {@code runOrder} is its run's logical date (or queued
   * time for manual runs); {@code priorityWeight} is the effective weight ({@link PriorityWeights}).
   */
  public record Candidate(
      String dagId,
      String runId,
      String taskId,
      int mapIndex,
      String pool,
      int poolSlots,
      int priorityWeight,
      Instant runOrder) {}

  /** A DAG's {@code max_active_tasks} and how many of its instances are queued or running now. */
  public record DagLimit(int maxActiveTasks, int activeTasks) {}

  /** A candidate left waiting, and why (shown in the UI and logs). */
  public record Waiting(Candidate candidate, String reason) {}

  /** Admitted candidates in queueing order, and the rest with their reasons. */
  public record Admission(List<Candidate> admitted, List<Waiting> waiting) {}

  private static final Comparator<Candidate> ORDER =
      Comparator.comparingInt(Candidate::priorityWeight)
          .reversed()
          .thenComparing(Candidate::runOrder, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparingInt(Candidate::mapIndex);

  private PoolSlots() {}

  /**
   * Admits candidates. {@code dagLimits} without an entry for a DAG means no limit; {@code maxToQueue}
   * caps the number admitted in this pass (the executor's free parallelism).
   */
  public static Admission admit(
      Collection<Pool> pools,
      Map<String, DagLimit> dagLimits,
      Collection<Candidate> candidates,
      int maxToQueue) {
    Map<String, Integer> open = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    pools.forEach(p -> open.put(p.name(), p.open()));
    pools.forEach(p -> total.put(p.name(), p.slots()));
    Map<String, Integer> active = new HashMap<>();
    dagLimits.forEach((dag, limit) -> active.put(dag, limit.activeTasks()));

    List<Candidate> admitted = new ArrayList<>();
    List<Waiting> waiting = new ArrayList<>();
    for (Candidate c : candidates.stream().sorted(ORDER).toList()) {
      String reason = blocker(c, open, total, dagLimits, active, admitted.size(), maxToQueue);
      if (reason != null) {
        waiting.add(new Waiting(c, reason));
        continue;
      }
      admitted.add(c);
      open.merge(c.pool(), -c.poolSlots(), Integer::sum);
      active.merge(c.dagId(), 1, Integer::sum);
    }
    return new Admission(List.copyOf(admitted), List.copyOf(waiting));
  }

  private static String blocker(
      Candidate c,
      Map<String, Integer> open,
      Map<String, Integer> total,
      Map<String, DagLimit> dagLimits,
      Map<String, Integer> active,
      int admittedSoFar,
      int maxToQueue) {
    Integer openSlots = open.get(c.pool());
    if (openSlots == null) {
      return missingPool(c.pool(), c.poolSlots());
    }
    if (c.poolSlots() > total.get(c.pool())) {
      return "the task needs %d slots but pool '%s' has only %d: resize it with `aloft pools set %s %d`"
          .formatted(c.poolSlots(), c.pool(), total.get(c.pool()), c.pool(), c.poolSlots());
    }
    if (c.poolSlots() > openSlots) {
      return "pool '%s' has %d open slot(s); the task needs %d"
          .formatted(c.pool(), Math.max(openSlots, 0), c.poolSlots());
    }
    DagLimit limit = dagLimits.get(c.dagId());
    if (limit != null && active.getOrDefault(c.dagId(), 0) >= limit.maxActiveTasks()) {
      return "DAG '%s' has reached max_active_tasks (%d)".formatted(c.dagId(), limit.maxActiveTasks());
    }
    if (admittedSoFar >= maxToQueue) {
      return "the executor has no free slots in this pass";
    }
    return null;
  }

  /** The message for a task whose pool does not exist, with the command that fixes it. */
  public static String missingPool(String pool, int poolSlots) {
    return "pool '%s' does not exist: create it with `aloft pools set %s %d`"
        .formatted(pool, pool, Math.max(poolSlots, 1));
  }
}
