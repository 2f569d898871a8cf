package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TaskState;
import java.util.Collection;
import java.util.List;

/**
 * How a task's upstream task instances stand, as Airflow's trigger rule dependency counts them.
 * {@code upstream} is the number of upstream task instances (a mapped upstream counts once per
 * expanded instance); the other counts cover finished instances only, and {@code done} is their sum.
 * The setup counts are the subset of those that are setup tasks.
 */
public record UpstreamCounts(
    int upstream,
    int success,
    int skipped,
    int failed,
    int upstreamFailed,
    int removed,
    int done,
    int upstreamSetup,
    int successSetup,
    int skippedSetup) {

  /** Counts for upstream instances in these states, none of them a setup task. */
  public static UpstreamCounts of(Collection<TaskState> upstreamStates) {
    return of(upstreamStates, List.of());
  }

  /** Counts for upstream instances in these states; {@code setupStates} are those of the setup tasks among them. */
  public static UpstreamCounts of(Collection<TaskState> upstreamStates, Collection<TaskState> setupStates) {
    int successSetup = 0;
    int skippedSetup = 0;
    for (TaskState s : setupStates) {
      if (s == TaskState.SUCCESS) {
        successSetup++;
      } else if (s == TaskState.SKIPPED) {
        skippedSetup++;
      }
    }
    int success = 0;
    int skipped = 0;
    int failed = 0;
    int upstreamFailed = 0;
    int removed = 0;
    int done = 0;
    for (TaskState s : upstreamStates) {
      switch (s) {
        case SUCCESS -> success++;
        case SKIPPED -> skipped++;
        case FAILED -> failed++;
        case UPSTREAM_FAILED -> upstreamFailed++;
        case REMOVED -> removed++;
        default -> {
          continue;
        }
      }
      done++;
    }
    return new UpstreamCounts(
        upstreamStates.size(), success, skipped, failed, upstreamFailed, removed, done, setupStates.size(),
        successSetup, skippedSetup);
  }

  /** Whether every upstream instance has finished. */
  public boolean allDone() {
    return done >= upstream;
  }

  @Override
  public String toString() {
    return "upstream=%d success=%d skipped=%d failed=%d upstream_failed=%d removed=%d done=%d"
        .formatted(upstream, success, skipped, failed, upstreamFailed, removed, done);
  }
}
