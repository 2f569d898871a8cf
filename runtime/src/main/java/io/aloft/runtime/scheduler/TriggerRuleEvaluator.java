package io.aloft.runtime.scheduler;

import io.aloft.runtime.model.TriggerRule;
import io.aloft.runtime.scheduler.TriggerDecision.Verdict;

/**
 * Decides, as Airflow 2.10's trigger rule dependency does with {@code flag_upstream_failed}, whether a
 * task instance runs, waits, or is marked skipped / upstream_failed without running. Pure and
 * stateless: the caller counts the upstream states ({@link UpstreamCounts}) and applies the verdict.
 *
 * <p>Marking wins over waiting: Airflow first sets the new state, then reports the unmet rule, so a
 * task marked upstream_failed never runs even though its rule "waits" too.
 *
 * <p>Example: {@code evaluate(TriggerRule.ALL_SUCCESS, UpstreamCounts.of(List.of(SUCCESS, FAILED)))}
 * is {@code UPSTREAM_FAILED}.
 */
public final class TriggerRuleEvaluator {

  private TriggerRuleEvaluator() {}

  /** Evaluates an unmapped task instance (map index -1). */
  public static TriggerDecision evaluate(TriggerRule rule, UpstreamCounts c) {
    return evaluate(rule, c, -1);
  }

  /** Evaluates a task instance; {@code mapIndex} is -1 for unmapped instances. */
  public static TriggerDecision evaluate(TriggerRule rule, UpstreamCounts c, int mapIndex) {
    if (c.upstream() == 0) {
      return TriggerDecision.run("the task has no upstream tasks");
    }
    if (rule == TriggerRule.ALWAYS) {
      return TriggerDecision.run("trigger rule 'always'");
    }
    Verdict mark = mark(rule, c, mapIndex);
    if (mark != null) {
      return new TriggerDecision(mark, () -> "trigger rule '%s': %s".formatted(rule.airflowName(), c));
    }
    String unmet = unmet(rule, c, mapIndex);
    return unmet == null
        ? new TriggerDecision(Verdict.RUN, () -> "trigger rule '%s' met".formatted(rule.airflowName()))
        : TriggerDecision.waitFor(() -> "trigger rule '%s' %s; %s".formatted(rule.airflowName(), unmet, c));
  }

  /** The state to set without running, or null. */
  private static Verdict mark(TriggerRule rule, UpstreamCounts c, int mapIndex) {
    boolean done = c.allDone();
    return switch (rule) {
      case ALL_SUCCESS -> {
        if (c.upstreamFailed() > 0 || c.failed() > 0) {
          yield Verdict.UPSTREAM_FAILED;
        }
        if (c.skipped() > 0) {
          yield Verdict.SKIP;
        }
        if (c.removed() > 0 && c.success() > 0 && mapIndex > -1 && mapIndex >= c.success()) {
          yield Verdict.REMOVED;
        }
        yield null;
      }
      case ALL_FAILED -> c.success() > 0 || c.skipped() > 0 ? Verdict.SKIP : null;
      case ONE_SUCCESS -> {
        if (done && c.done() == c.skipped()) {
          yield Verdict.SKIP;
        }
        yield done && c.success() <= 0 ? Verdict.UPSTREAM_FAILED : null;
      }
      case ONE_FAILED -> done && c.failed() == 0 && c.upstreamFailed() == 0 ? Verdict.SKIP : null;
      case ONE_DONE -> done && c.failed() == 0 && c.success() == 0 ? Verdict.SKIP : null;
      case NONE_FAILED -> c.upstreamFailed() > 0 || c.failed() > 0 ? Verdict.UPSTREAM_FAILED : null;
      case NONE_FAILED_MIN_ONE_SUCCESS -> {
        if (c.upstreamFailed() > 0 || c.failed() > 0) {
          yield Verdict.UPSTREAM_FAILED;
        }
        yield c.skipped() == c.upstream() ? Verdict.SKIP : null;
      }
      case NONE_SKIPPED -> c.skipped() > 0 ? Verdict.SKIP : null;
      case ALL_SKIPPED ->
          c.success() > 0 || c.failed() > 0 || c.upstreamFailed() > 0 ? Verdict.SKIP : null;
      case ALL_DONE_SETUP_SUCCESS -> {
        if (done && c.upstreamSetup() > 0 && c.skippedSetup() >= c.upstreamSetup()) {
          yield Verdict.SKIP;
        }
        yield done && c.upstreamSetup() > 0 && c.successSetup() == 0
            ? Verdict.UPSTREAM_FAILED
            : null;
      }
      case ALL_DONE, ALWAYS -> null;
    };
  }

  /** Why the rule is not met yet, or null when it is. */
  private static String unmet(TriggerRule rule, UpstreamCounts c, int mapIndex) {
    int removedIfMapped = mapIndex > -1 ? c.removed() : 0;
    return switch (rule) {
      case ONE_SUCCESS -> c.success() <= 0 ? "requires one upstream success" : null;
      case ONE_FAILED ->
          c.failed() == 0 && c.upstreamFailed() == 0 ? "requires one upstream failure" : null;
      case ONE_DONE ->
          c.success() + c.failed() <= 0 ? "requires one upstream success or failure" : null;
      case ALL_SUCCESS ->
          c.upstream() - c.success() - removedIfMapped > 0
              ? "requires all upstream tasks to succeed"
              : null;
      case ALL_FAILED ->
          c.upstream() - c.failed() - c.upstreamFailed() - removedIfMapped > 0
              ? "requires all upstream tasks to fail"
              : null;
      case ALL_DONE -> c.allDone() ? null : "requires all upstream tasks to finish";
      case NONE_FAILED, NONE_FAILED_MIN_ONE_SUCCESS ->
          c.upstream() - c.success() - c.skipped() - removedIfMapped > 0
              ? "requires all upstream tasks to succeed or be skipped"
              : null;
      case NONE_SKIPPED ->
          !c.allDone() || c.skipped() > 0
              ? "requires all upstream tasks to finish without being skipped"
              : null;
      case ALL_SKIPPED ->
          c.upstream() - c.skipped() > 0 ? "requires all upstream tasks to be skipped" : null;
      case ALL_DONE_SETUP_SUCCESS -> {
        if (!c.allDone()) {
          yield "requires all upstream tasks to finish";
        }
        yield c.upstreamSetup() > 0 && c.successSetup() == 0
            ? "requires at least one upstream setup task to succeed"
            : null;
      }
      case ALWAYS -> null;
    };
  }
}
