package io.aloft.runtime.scheduler;

import static io.aloft.runtime.model.TaskState.FAILED;
import static io.aloft.runtime.model.TaskState.NONE;
import static io.aloft.runtime.model.TaskState.REMOVED;
import static io.aloft.runtime.model.TaskState.RUNNING;
import static io.aloft.runtime.model.TaskState.SKIPPED;
import static io.aloft.runtime.model.TaskState.SUCCESS;
import static io.aloft.runtime.model.TaskState.UPSTREAM_FAILED;
import static io.aloft.runtime.scheduler.TriggerDecision.Verdict.RUN;
import static io.aloft.runtime.scheduler.TriggerDecision.Verdict.SKIP;
import static io.aloft.runtime.scheduler.TriggerDecision.Verdict.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.model.TriggerRule;
import io.aloft.runtime.scheduler.TriggerDecision.Verdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriggerRuleEvaluatorTest {

  private static final Verdict UF = Verdict.UPSTREAM_FAILED;

  static Stream<Arguments> cases() {
    return Stream.of(
        // all_success
        row("all_success", RUN, SUCCESS, SUCCESS),
        row("all_success", WAIT, SUCCESS, RUNNING),
        row("all_success", UF, SUCCESS, FAILED),
        row("all_success", UF, RUNNING, UPSTREAM_FAILED),
        row("all_success", UF, SKIPPED, FAILED),
        row("all_success", SKIP, SUCCESS, SKIPPED),
        row("all_success", SKIP, RUNNING, SKIPPED),
        row("all_success", WAIT, SUCCESS, REMOVED),
        // all_failed
        row("all_failed", RUN, FAILED, UPSTREAM_FAILED),
        row("all_failed", WAIT, FAILED, RUNNING),
        row("all_failed", SKIP, FAILED, SUCCESS),
        row("all_failed", SKIP, RUNNING, SKIPPED),
        // all_done
        row("all_done", RUN, FAILED, SKIPPED, SUCCESS, UPSTREAM_FAILED),
        row("all_done", WAIT, FAILED, NONE),
        // one_success
        row("one_success", RUN, SUCCESS, RUNNING),
        row("one_success", WAIT, FAILED, RUNNING),
        row("one_success", SKIP, SKIPPED, SKIPPED),
        row("one_success", UF, SKIPPED, FAILED),
        row("one_success", UF, UPSTREAM_FAILED, FAILED),
        // one_failed
        row("one_failed", RUN, FAILED, RUNNING),
        row("one_failed", RUN, UPSTREAM_FAILED, NONE),
        row("one_failed", WAIT, SUCCESS, RUNNING),
        row("one_failed", SKIP, SUCCESS, SKIPPED),
        // one_done
        row("one_done", RUN, SUCCESS, RUNNING),
        row("one_done", RUN, FAILED, RUNNING),
        row("one_done", WAIT, SKIPPED, RUNNING),
        row("one_done", WAIT, UPSTREAM_FAILED, RUNNING),
        row("one_done", SKIP, SKIPPED, UPSTREAM_FAILED),
        // none_failed
        row("none_failed", RUN, SUCCESS, SKIPPED),
        row("none_failed", RUN, SKIPPED, SKIPPED),
        row("none_failed", WAIT, SKIPPED, RUNNING),
        row("none_failed", UF, SKIPPED, FAILED),
        row("none_failed", UF, UPSTREAM_FAILED, RUNNING),
        // none_failed_min_one_success
        row("none_failed_min_one_success", RUN, SUCCESS, SKIPPED),
        row("none_failed_min_one_success", SKIP, SKIPPED, SKIPPED),
        row("none_failed_min_one_success", WAIT, SKIPPED, RUNNING),
        row("none_failed_min_one_success", UF, SUCCESS, FAILED),
        // none_skipped
        row("none_skipped", RUN, SUCCESS, FAILED, UPSTREAM_FAILED),
        row("none_skipped", WAIT, SUCCESS, RUNNING),
        row("none_skipped", SKIP, SKIPPED, RUNNING),
        // always
        row("always", RUN, RUNNING, NONE),
        // all_skipped
        row("all_skipped", RUN, SKIPPED, SKIPPED),
        row("all_skipped", WAIT, SKIPPED, RUNNING),
        row("all_skipped", SKIP, SKIPPED, SUCCESS),
        row("all_skipped", SKIP, FAILED, RUNNING),
        // all_done_setup_success without setups behaves as all_done
        row("all_done_setup_success", RUN, FAILED, SKIPPED),
        row("all_done_setup_success", WAIT, FAILED, RUNNING));
  }

  private static Arguments row(String rule, Verdict expected, TaskState... upstream) {
    return Arguments.of(rule, expected, List.of(upstream));
  }

  @ParameterizedTest(name = "{0} with {2} -> {1}")
  @MethodSource("cases")
  void decidesLikeAirflow(String rule, Verdict expected, List<TaskState> upstream) {
    TriggerDecision d =
        TriggerRuleEvaluator.evaluate(TriggerRule.parse(rule).orElseThrow(), UpstreamCounts.of(upstream));
    assertThat(d.verdict()).as(d.reason()).isEqualTo(expected);
  }

  @Test
  void noUpstreamRunsWhateverTheRule() {
    for (TriggerRule rule : TriggerRule.values()) {
      assertThat(TriggerRuleEvaluator.evaluate(rule, UpstreamCounts.of(List.of())).verdict())
          .isEqualTo(RUN);
    }
  }

  @Test
  void waitReasonNamesTheRuleAndCounts() {
    TriggerDecision d =
        TriggerRuleEvaluator.evaluate(TriggerRule.ALL_SUCCESS, UpstreamCounts.of(List.of(SUCCESS, RUNNING)));
    assertThat(d.reason()).contains("all_success").contains("success=1").contains("done=1");
  }

  @Test
  void allDoneSetupSuccessNeedsOneSetupToSucceed() {
    var allSetupsSkipped = new UpstreamCounts(2, 0, 1, 1, 0, 0, 2, 1, 0, 1);
    var noSetupSucceeded = new UpstreamCounts(2, 1, 0, 1, 0, 0, 2, 1, 0, 0);
    var setupSucceeded = new UpstreamCounts(2, 1, 0, 1, 0, 0, 2, 1, 1, 0);
    assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ALL_DONE_SETUP_SUCCESS, allSetupsSkipped).verdict())
        .isEqualTo(SKIP);
    assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ALL_DONE_SETUP_SUCCESS, noSetupSucceeded).verdict())
        .isEqualTo(UF);
    assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ALL_DONE_SETUP_SUCCESS, setupSucceeded).verdict())
        .isEqualTo(RUN);
  }

  @Test
  void mappedInstancePastTheSuccessfulUpstreamsIsRemoved() {
    var counts = UpstreamCounts.of(List.of(SUCCESS, SUCCESS, REMOVED));
    assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ALL_SUCCESS, counts, 2).verdict())
        .isEqualTo(Verdict.REMOVED);
    assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ALL_SUCCESS, counts, 1).verdict())
        .isEqualTo(RUN);
  }
}
