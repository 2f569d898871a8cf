package io.aloft.runtime.scheduler;

import static io.aloft.runtime.model.TaskState.FAILED;
import static io.aloft.runtime.model.TaskState.NONE;
import static io.aloft.runtime.model.TaskState.QUEUED;
import static io.aloft.runtime.model.TaskState.RUNNING;
import static io.aloft.runtime.model.TaskState.SCHEDULED;
import static io.aloft.runtime.model.TaskState.SUCCESS;
import static io.aloft.runtime.model.TaskState.UP_FOR_RETRY;
import static io.aloft.runtime.scheduler.Dags.task;
import static io.aloft.runtime.scheduler.Dags.teardown;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.DagSpec;
import io.aloft.runtime.model.TaskSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailFastTest {

  private static DagGraph failFast(TaskSpec... tasks) {
    DagSpec d = Dags.dag(tasks);
    return DagGraph.of(
        new DagSpec(d.specVersion(), d.dagId(), d.fileloc(), d.description(), d.docMd(), d.schedule(), d.startDate(),
            d.endDate(), d.timezone(), d.catchup(), d.maxActiveRuns(), d.maxActiveTasks(), d.dagrunTimeoutSeconds(),
            d.tags(), d.isPausedUponCreation(), d.params(), d.tasks(), d.edgeLabels(), d.owner(), true));
  }

  private final DagGraph g =
      failFast(task("a"), task("b"), task("c", "a"), task("d"), task("e"), teardown("td", false, "a", "b"));

  @Test
  void aFailureFailsTheRunningAndSkipsTheRestButNotTeardowns() {
    FailFast.Stop stop =
        FailFast.decide(
            g,
            List.of(TiState.of("a", FAILED), TiState.of("b", RUNNING), TiState.of("c", NONE),
                TiState.of("d", QUEUED), TiState.of("e", SUCCESS), new TiState("td", -1, SCHEDULED)));
    assertThat(stop.toFail()).containsExactly(TiState.of("b", RUNNING));
    assertThat(stop.toSkip()).containsExactly(TiState.of("c", NONE), TiState.of("d", QUEUED));
  }

  @Test
  void aTaskWaitingForItsRetryHasNotFailedYet() {
    assertThat(FailFast.decide(g, List.of(TiState.of("a", UP_FOR_RETRY), TiState.of("b", RUNNING))).isEmpty())
        .isTrue();
  }

  @Test
  void withoutFailFastAFailureStopsNothing() {
    DagGraph plain = Dags.graph(task("a"), task("b"));
    assertThat(FailFast.decide(plain, List.of(TiState.of("a", FAILED), TiState.of("b", RUNNING))).isEmpty())
        .isTrue();
  }
}
