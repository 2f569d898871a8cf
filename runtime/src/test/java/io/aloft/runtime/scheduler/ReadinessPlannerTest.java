package io.aloft.runtime.scheduler;

import static io.aloft.runtime.model.TaskState.FAILED;
import static io.aloft.runtime.model.TaskState.NONE;
import static io.aloft.runtime.model.TaskState.RUNNING;
import static io.aloft.runtime.model.TaskState.SCHEDULED;
import static io.aloft.runtime.model.TaskState.SKIPPED;
import static io.aloft.runtime.model.TaskState.SUCCESS;
import static io.aloft.runtime.model.TaskState.UPSTREAM_FAILED;
import static io.aloft.runtime.scheduler.Dags.ruled;
import static io.aloft.runtime.scheduler.Dags.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.scheduler.ReadinessPlanner.Transition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReadinessPlannerTest {

  private static Map<String, TaskState> plan(DagGraph g, TiState... tis) {
    return ReadinessPlanner.plan(g, List.of(tis)).stream()
        .collect(Collectors.toMap(Transition::taskId, Transition::newState));
  }

  @Test
  void schedulesRootsFirst() {
    DagGraph g = Dags.graph(task("a"), task("b", "a"));
    assertThat(plan(g, TiState.of("a", NONE), TiState.of("b", NONE))).isEqualTo(Map.of("a", SCHEDULED));
  }

  @Test
  void failurePropagatesDownTheChainInOnePassButAllDoneRuns() {
    DagGraph g =
        Dags.graph(task("a"), task("b", "a"), task("c", "b"), ruled("cleanup", "all_done", "c"));
    assertThat(
            plan(g, TiState.of("a", FAILED), TiState.of("b", NONE), TiState.of("c", NONE),
                TiState.of("cleanup", NONE)))
        .isEqualTo(Map.of("b", UPSTREAM_FAILED, "c", UPSTREAM_FAILED, "cleanup", SCHEDULED));
  }

  @Test
  void branchJoinWithNoneFailedMinOneSuccess() {
    DagGraph g =
        Dags.graph(
            task("branch"), task("left", "branch"), task("right", "branch"),
            task("after_right", "right"),
            ruled("join", "none_failed_min_one_success", "left", "after_right"));
    assertThat(
            plan(g, TiState.of("branch", SUCCESS), TiState.of("left", SUCCESS),
                TiState.of("right", SKIPPED), TiState.of("after_right", NONE), TiState.of("join", NONE)))
        .isEqualTo(Map.of("after_right", SKIPPED, "join", SCHEDULED));
  }

  @Test
  void upstreamWithoutInstancesStillCounts() {
    DagGraph g = Dags.graph(task("a"), task("b"), task("c", "a", "b"));
    assertThat(plan(g, TiState.of("a", SUCCESS), TiState.of("c", NONE))).isEmpty();
  }

  @Test
  void mappedUpstreamCountsEveryInstance() {
    DagGraph g = Dags.graph(task("m"), task("after", "m"));
    var tis =
        List.of(new TiState("m", 0, SUCCESS), new TiState("m", 1, TaskState.RUNNING),
            TiState.of("after", NONE));
    assertThat(ReadinessPlanner.plan(g, tis)).isEmpty();
  }

  private static String describe(Transition t) {
    return t.taskId() + "[" + t.mapIndex() + "] " + t.newState().airflowName();
  }

  @Test
  void withinAMappedTaskGroupAnInstanceWaitsOnlyForTheSameMapIndex() {
    DagGraph g = Dags.graph(Dags.inMappedGroup("g.a", "g"), Dags.inMappedGroup("g.b", "g", "g.a"), task("after", "g.b"));
    // b expands as soon as a has expanded, not when all of a's instances are done.
    assertThat(ReadinessPlanner.plan(g, List.of(new TiState("g.a", 0, RUNNING), new TiState("g.a", 1, RUNNING),
            new TiState("g.b", -1, NONE), TiState.of("after", NONE))).stream().map(ReadinessPlannerTest::describe))
        .containsExactly("g.b[-1] scheduled");
    // b[0] runs after a[0], b[1] is upstream_failed by a[1] (and so the task after the group), b[2] waits for a[2].
    var tis = List.of(new TiState("g.a", 0, SUCCESS), new TiState("g.a", 1, FAILED), new TiState("g.a", 2, RUNNING),
        new TiState("g.b", 0, NONE), new TiState("g.b", 1, NONE), new TiState("g.b", 2, NONE), TiState.of("after", NONE));
    assertThat(ReadinessPlanner.plan(g, tis).stream().map(ReadinessPlannerTest::describe))
        .containsExactlyInAnyOrder("g.b[0] scheduled", "g.b[1] upstream_failed", "after[-1] upstream_failed");
    // An unexpanded upstream of the group (its input was empty: skipped) decides the unexpanded task.
    assertThat(plan(g, new TiState("g.a", -1, SKIPPED), new TiState("g.b", -1, NONE), TiState.of("after", NONE)))
        .containsEntry("g.b", SKIPPED);
  }

  @Test
  void dependsOnPastHoldsBackRunningOnly() {
    DagGraph g = Dags.graph(Dags.dependsOnPast("a"), task("b", "a"));
    assertThat(ReadinessPlanner.plan(g, List.of(TiState.of("a", NONE), TiState.of("b", NONE)), id -> false)).isEmpty();
    assertThat(ReadinessPlanner.plan(g, List.of(TiState.of("a", NONE), TiState.of("b", NONE)), id -> true)).hasSize(1);
    assertThat(ReadinessPlanner.pastDependsMet(null)).isTrue();
    assertThat(ReadinessPlanner.pastDependsMet(SKIPPED)).isTrue();
    assertThat(ReadinessPlanner.pastDependsMet(FAILED)).isFalse();
  }

  @Test
  void aTeardownRunsAfterFailedWorkIfItsSetupSucceededAndFollowsAFailedOrSkippedSetup() {
    DagGraph g = Dags.graph(Dags.setup("s"), task("work", "s"), Dags.teardown("t", false, "s", "work"));
    assertThat(plan(g, TiState.of("s", SUCCESS), TiState.of("work", FAILED), TiState.of("t", NONE)))
        .isEqualTo(Map.of("t", SCHEDULED));
    assertThat(plan(g, TiState.of("s", FAILED), TiState.of("work", NONE), TiState.of("t", NONE)))
        .isEqualTo(Map.of("work", UPSTREAM_FAILED, "t", UPSTREAM_FAILED));
    assertThat(plan(g, TiState.of("s", SKIPPED), TiState.of("work", NONE), TiState.of("t", NONE)))
        .isEqualTo(Map.of("work", SKIPPED, "t", SKIPPED));
    assertThat(plan(g, TiState.of("s", SUCCESS), TiState.of("work", RUNNING), TiState.of("t", NONE)))
        .as("waits for the work").isEmpty();
  }

  @Test
  void aTaskInsideASetupsScopeFollowsItsIndirectSetupWhateverItsTriggerRule() {
    // s >> a >> b >> t, t the teardown of s; b (all_done) is not directly downstream of s.
    DagGraph g = Dags.graph(Dags.setup("s"), task("a", "s"), ruled("b", "all_done", "a"),
        Dags.teardown("t", false, "s", "b"));
    assertThat(g.indirectSetups("b")).containsExactly("s");
    assertThat(g.indirectSetups("a")).as("a direct upstream").isEmpty();
    assertThat(g.indirectSetups("t")).as("a teardown").isEmpty();
    assertThat(plan(g, TiState.of("s", FAILED), TiState.of("a", NONE), TiState.of("b", NONE), TiState.of("t", NONE)))
        .containsEntry("b", UPSTREAM_FAILED);
    assertThat(plan(g, TiState.of("s", SKIPPED), TiState.of("a", NONE), TiState.of("b", NONE), TiState.of("t", NONE)))
        .containsEntry("b", SKIPPED);

    // An upstream that runs regardless (always) does not let b start before its setup is done.
    DagGraph g2 = Dags.graph(Dags.setup("s"), ruled("a", "always", "s"), task("b", "a"),
        Dags.teardown("t", false, "s", "b"));
    assertThat(plan(g2, TiState.of("s", RUNNING), TiState.of("a", SUCCESS), TiState.of("b", NONE), TiState.of("t", NONE)))
        .isEmpty();
    assertThat(plan(g2, TiState.of("s", SUCCESS), TiState.of("a", SUCCESS), TiState.of("b", NONE), TiState.of("t", NONE)))
        .isEqualTo(Map.of("b", SCHEDULED));
  }

  @Test
  void aSetupWhoseTeardownIsNotDownstreamIsNotRelevant() {
    // s's teardown t sits beside x, not below it: x does not depend on s through the setup rule.
    DagGraph g = Dags.graph(Dags.setup("s"), ruled("a", "always", "s"), ruled("x", "all_done", "a"),
        Dags.teardown("t", false, "s", "a"));
    assertThat(g.indirectSetups("x")).isEmpty();
    assertThat(plan(g, TiState.of("s", FAILED), TiState.of("a", SUCCESS), TiState.of("x", NONE), TiState.of("t", NONE)))
        .containsEntry("x", SCHEDULED);
  }
}
