package io.aloft.runtime.scheduler;

import static io.aloft.runtime.model.TaskState.FAILED;
import static io.aloft.runtime.model.TaskState.NONE;
import static io.aloft.runtime.model.TaskState.REMOVED;
import static io.aloft.runtime.model.TaskState.RUNNING;
import static io.aloft.runtime.model.TaskState.SKIPPED;
import static io.aloft.runtime.model.TaskState.SUCCESS;
import static io.aloft.runtime.model.TaskState.UPSTREAM_FAILED;
import static io.aloft.runtime.model.TaskState.UP_FOR_RETRY;
import static io.aloft.runtime.scheduler.Dags.ruled;
import static io.aloft.runtime.scheduler.Dags.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.scheduler.RunStateDecider.RunDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStateDeciderTest {

  private final DagGraph g = Dags.graph(task("a"), task("b", "a"), ruled("c", "all_done", "a"));

  private RunDecision decide(TiState... tis) {
    return RunStateDecider.decide(g, List.of(tis));
  }

  @Test
  void successWhenAllLeavesSucceededOrSkipped() {
    assertThat(decide(TiState.of("a", SUCCESS), TiState.of("b", SKIPPED), TiState.of("c", SUCCESS)))
        .isEqualTo(new RunDecision(RunState.SUCCESS, "success"));
  }

  @Test
  void failedWhenALeafFailedOnceEverythingFinished() {
    assertThat(decide(TiState.of("a", FAILED), TiState.of("b", UPSTREAM_FAILED), TiState.of("c", SUCCESS)))
        .isEqualTo(new RunDecision(RunState.FAILED, "task_failure"));
  }

  @Test
  void failedNonLeafDoesNotFailTheRunWhenLeavesSucceed() {
    DagGraph g2 = Dags.graph(task("a"), ruled("c", "all_done", "a"));
    assertThat(RunStateDecider.decide(g2, List.of(TiState.of("a", FAILED), TiState.of("c", SUCCESS))).state())
        .isEqualTo(RunState.SUCCESS);
  }

  @Test
  void runningWhileSomethingCanStillRun() {
    assertThat(decide(TiState.of("a", RUNNING), TiState.of("b", NONE), TiState.of("c", NONE)).state())
        .isEqualTo(RunState.RUNNING);
    assertThat(decide(TiState.of("a", UP_FOR_RETRY), TiState.of("b", NONE), TiState.of("c", NONE)).state())
        .isEqualTo(RunState.RUNNING);
    assertThat(decide(TiState.of("a", SUCCESS), TiState.of("b", NONE), TiState.of("c", SUCCESS)).state())
        .isEqualTo(RunState.RUNNING);
  }

  @Test
  void deadlockWhenNothingCanEverRun() {
    // b waits for all_success but its upstream was removed: it can never run.
    assertThat(decide(TiState.of("a", REMOVED), TiState.of("b", NONE), TiState.of("c", SUCCESS)))
        .isEqualTo(new RunDecision(RunState.FAILED, "all_tasks_deadlocked"));
  }

  @Test
  void removedLeavesDoNotCount() {
    assertThat(decide(TiState.of("a", SUCCESS), TiState.of("b", REMOVED), TiState.of("c", SUCCESS)).state())
        .isEqualTo(RunState.SUCCESS);
  }

  @Test
  void aTeardownDecidesTheRunOnlyWithOnFailureFailDagrun() {
    DagGraph g2 = Dags.graph(Dags.setup("s"), task("work", "s"), Dags.teardown("t", false, "s", "work"));
    assertThat(RunStateDecider.decide(g2, List.of(TiState.of("s", SUCCESS), TiState.of("work", SUCCESS),
        TiState.of("t", FAILED))).state()).as("a failed teardown").isEqualTo(RunState.SUCCESS);
    assertThat(RunStateDecider.decide(g2, List.of(TiState.of("s", SUCCESS), TiState.of("work", FAILED),
        TiState.of("t", SUCCESS))).state()).as("the work before it failed").isEqualTo(RunState.FAILED);
    assertThat(RunStateDecider.decide(g2, List.of(TiState.of("s", SUCCESS), TiState.of("work", SUCCESS),
        TiState.of("t", RUNNING))).state()).as("still tearing down").isEqualTo(RunState.RUNNING);

    DagGraph strict = Dags.graph(Dags.setup("s"), task("work", "s"), Dags.teardown("t", true, "s", "work"));
    assertThat(RunStateDecider.decide(strict, List.of(TiState.of("s", SUCCESS), TiState.of("work", SUCCESS),
        TiState.of("t", FAILED))).state()).isEqualTo(RunState.FAILED);
  }
}
