package io.aloft.runtime.scheduler;

/**
 * What the trigger rule says about a task instance that has no state yet: run it now, keep waiting, or
 * give it a final state without running it. {@link #reason()} explains a wait or a mark, for the UI; it is written
 * only when asked for ({@code why}), since every pass decides again for every waiting instance and drops the reason of
 * a wait (formatting them took about a twelfth of what the JVM allocated at 200 active runs).
 */
public record TriggerDecision(Verdict verdict, java.util.function.Supplier<String> why) {

  public TriggerDecision(Verdict verdict, String reason) {
    this(verdict, () -> reason);
  }

  public String reason() {
    return why.get();
  }

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

  static TriggerDecision waitFor(java.util.function.Supplier<String> why) {
    return new TriggerDecision(Verdict.WAIT, why);
  }

  /** Whether the verdict changes the instance's state (run or mark), as opposed to waiting. */
  public boolean changesState() {
    return verdict != Verdict.WAIT;
  }
}
