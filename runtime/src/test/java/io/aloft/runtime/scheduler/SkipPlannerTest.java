package io.aloft.runtime.scheduler;

import static io.aloft.runtime.scheduler.Dags.inGroup;
import static io.aloft.runtime.scheduler.Dags.ruled;
import static io.aloft.runtime.scheduler.Dags.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SkipPlannerTest {

  @Test
  void branchSkipsOnlyDirectDownstreamsNotChosen() {
    DagGraph g =
        Dags.graph(task("branch"), task("a", "branch"), task("b", "branch"), task("c", "branch"),
            task("after_b", "b"));
    assertThat(SkipPlanner.branchSkips(g, "branch", List.of("a"))).containsExactly("b", "c");
    assertThat(SkipPlanner.branchSkips(g, "branch", List.of("a", "c"))).containsExactly("b");
    assertThat(SkipPlanner.branchSkips(g, "branch", List.of())).containsExactly("a", "b", "c");
  }

  @Test
  void joinDownstreamOfTheChosenBranchIsFollowed() {
    DagGraph g = Dags.graph(task("branch"), task("task1", "branch"), task("join", "branch", "task1"));
    assertThat(SkipPlanner.branchSkips(g, "branch", List.of("task1"))).isEmpty();
    assertThat(SkipPlanner.branchSkips(g, "branch", List.of("join"))).containsExactly("task1");
  }

  @Test
  void chosenTaskGroupFollowsItsRoots() {
    DagGraph g =
        Dags.graph(task("branch"), inGroup("grp.x", "grp", "branch"), inGroup("grp.y", "grp", "grp.x"),
            task("other", "branch"));
    assertThat(SkipPlanner.branchSkips(g, "branch", List.of("grp"))).containsExactly("other");
  }

  @Test
  void unknownBranchIdFailsLikeAirflow() {
    DagGraph g = Dags.graph(task("branch"), task("a", "branch"));
    assertThatThrownBy(() -> SkipPlanner.branchSkips(g, "branch", List.of("nope")))
        .hasMessageContaining("Invalid tasks found: [nope]");
  }

  @Test
  void shortCircuitBothWays() {
    DagGraph g =
        Dags.graph(task("check"), task("a", "check"), task("b", "a"), ruled("c", "all_done", "b"));
    assertThat(SkipPlanner.shortCircuitSkips(g, "check", true)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(SkipPlanner.shortCircuitSkips(g, "check", false)).containsExactly("a");
  }
}
