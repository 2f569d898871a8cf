package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.TaskInstanceRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the scheduler's pass may skip a run: only when its instances read exactly as the last pass left them. */
class RunPassSkipTest {

  private static TaskInstanceRow ti(String task, int mapIndex, TaskState state) {
    return new TaskInstanceRow("d", "r", task, mapIndex, state, 0, 0, "BashOperator", "default_pool", 1, 1, null, null,
        null, null, null, null, false, 0, null, null, null, null);
  }

  private static List<TaskInstanceRow> snapshot(List<TaskInstanceRow> rows) {
    return List.copyOf(rows);
  }

  @Test
  void theSameInstancesInTheSameStatesAreSkippedAnythingElseIsDecided() {
    List<TaskInstanceRow> rows = List.of(ti("a", -1, TaskState.RUNNING), ti("b", -1, TaskState.NONE));
    List<TaskInstanceRow> last = snapshot(rows);
    assertThat(RunPass.unchanged(last, rows)).isTrue();
    assertThat(RunPass.unchanged(null, rows)).as("never decided by this daemon").isFalse();
    assertThat(RunPass.unchanged(last, List.of(ti("a", -1, TaskState.SUCCESS), ti("b", -1, TaskState.NONE))))
        .as("a try ended").isFalse();
    assertThat(RunPass.unchanged(last, List.of(ti("a", -1, TaskState.RUNNING), ti("b", 0, TaskState.NONE))))
        .as("same count, another instance (expanded)").isFalse();
    assertThat(RunPass.unchanged(last, List.of(ti("a", -1, TaskState.RUNNING))))
        .as("an instance fewer").isFalse();
  }

  @Test
  void theSameInstancesInAnotherOrderAreComparedByKey() {
    List<TaskInstanceRow> last = List.of(ti("a", -1, TaskState.RUNNING), ti("b", -1, TaskState.NONE));
    assertThat(RunPass.unchanged(last, List.of(ti("b", -1, TaskState.NONE), ti("a", -1, TaskState.RUNNING))))
        .as("read back in another order").isTrue();
    assertThat(RunPass.unchanged(last, List.of(ti("b", -1, TaskState.NONE), ti("a", -1, TaskState.SUCCESS))))
        .as("another order, a try ended").isFalse();
    assertThat(RunPass.unchanged(last, List.of(ti("a", -1, TaskState.RUNNING), ti("c", -1, TaskState.NONE))))
        .as("another instance in the same place").isFalse();
    List<TaskInstanceRow> mapped = List.of(ti("m", 0, TaskState.NONE), ti("m", 1, TaskState.NONE));
    assertThat(RunPass.unchanged(mapped, List.of(ti("m", 1, TaskState.NONE), ti("m", 0, TaskState.NONE)))).isTrue();
    assertThat(RunPass.unchanged(mapped, List.of(ti("m", 1, TaskState.NONE), ti("m", 0, TaskState.SCHEDULED))))
        .isFalse();
  }

  @Test
  void aRetryWaitIsAlwaysDecidedSinceItComesDueWithTime() {
    List<TaskInstanceRow> rows = List.of(ti("a", -1, TaskState.UP_FOR_RETRY), ti("b", -1, TaskState.NONE));
    assertThat(RunPass.unchanged(snapshot(rows), rows)).isFalse();
    List<TaskInstanceRow> sensor = List.of(ti("s", -1, TaskState.UP_FOR_RESCHEDULE));
    assertThat(RunPass.unchanged(snapshot(sensor), sensor)).isFalse();
  }
}
