package io.aloft.runtime.execution;

import java.util.List;

/**
 * What a branching operator returns: the direct downstream task ids to follow; the others are skipped.
 * {@code followAll} keeps every downstream (LatestOnlyOperator on the latest run).
 */
public record BranchDecision(List<String> follow, boolean followAll) {

  public static BranchDecision all() {
    return new BranchDecision(List.of(), true);
  }

  public static BranchDecision only(List<String> taskIds) {
    return new BranchDecision(List.copyOf(taskIds), false);
  }
}
