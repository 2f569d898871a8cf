package io.aloft.runtime.execution;

import java.time.Instant;

/** How one try ended, before it is written to the store. */
public sealed interface TryOutcome {

  /**
   * The work succeeded; {@code value} becomes the return_value XCom (null pushes nothing); {@code outletEvents}
   * what a Python task set on its dataset events.
   */
  record Success(Object value, OutletEvents outletEvents) implements TryOutcome {
    public Success {
      outletEvents = outletEvents == null ? OutletEvents.NONE : outletEvents;
    }

    public Success(Object value) {
      this(value, OutletEvents.NONE);
    }
  }

  /** A branch task chose these direct downstreams (or all of them). */
  record Branched(BranchDecision decision, Object value) implements TryOutcome {}

  /** A short-circuit task: when {@code proceed} is false, downstream tasks are skipped. */
  record ShortCircuited(boolean proceed, boolean ignoreDownstreamTriggerRules, Object value) implements TryOutcome {}

  /** AirflowSkipException, skip_on_exit_code, a sensor's soft_fail. */
  record Skipped(String reason) implements TryOutcome {}

  /** The try failed; {@code noRetry} for AirflowFailException and sensor timeouts. */
  record Failed(String message, boolean noRetry) implements TryOutcome {}

  /**
   * The try's outside work (a container) is gone and how it ended is unknown: retried under a new try number
   * whether or not retries remain, the lost try not counting against them.
   */
  record Lost(String reason) implements TryOutcome {}

  /** A reschedule-mode sensor whose condition is not met yet: poke again at {@code at}. */
  record Rescheduled(Instant at, int pokeCount) implements TryOutcome {}

  /**
   * The task handed its wait to the triggerer (Airflow's TaskDeferred): when {@code trigger} fires, the same try
   * resumes at {@code method} with {@code kwargs} plus the event; {@code timeout} (or null) fails it with
   * TaskDeferralTimeout.
   */
  record Deferred(io.aloft.runtime.trigger.Trigger trigger, String method, java.util.Map<String, Object> kwargs,
      java.time.Duration timeout) implements TryOutcome {}
}
