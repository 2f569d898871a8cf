package io.aloft.runtime.scheduler;

/**
 * What the trigger rule says about a task instance that has no state yet: run it now, keep waiting, or
 * give it a final state without running it. {@code reason} explains a wait or a mark, for the UI.
 */
public record TriggerDecision(Verdict verdict, String reason) {

  /** The closed set of outcomes. */
  public enum Verdict {
    RUN,
    WAIT,
    SKIP,
    UPSTREAM_FAILED,
    /** A mapped instance whose index no longer exists upstream (Airflow's {@code removed}). */
    REMOVED
  }

  static TriggerDecision run(String reason) {
    return new TriggerDecision(Verdict.RUN, reason);
  }

  static TriggerDecision waitFor(String reason) {
    return new TriggerDecision(Verdict.WAIT, reason);
  }

  /** Whether the verdict changes the instance's state (run or mark), as opposed to waiting. */
  public boolean changesState() {
    return verdict != Verdict.WAIT;
  }
}
