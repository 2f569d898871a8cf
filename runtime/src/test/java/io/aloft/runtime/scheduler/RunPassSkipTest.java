package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TiKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the scheduler's pass may skip a run: only when its instances read exactly as the last pass left them. */
class RunPassSkipTest {

  private static TaskInstanceRow ti(String task, int mapIndex, TaskState state) {
    return new TaskInstanceRow("d", "r", task, mapIndex, state, 0, 0, "BashOperator", "default_pool", 1, 1, null, null,
        null, null, null, null, false, 0, null, null, null, null);
  }

  private static Map<TiKey, TaskState> snapshot(List<TaskInstanceRow> rows) {
    Map<TiKey, TaskState> m = new HashMap<>();
    rows.forEach(r -> m.put(r.key(), r.state()));
    return m;
  }

  @Test
  void theSameInstancesInTheSameStatesAreSkippedAnythingElseIsDecided() {
    List<TaskInstanceRow> rows = List.of(ti("a", -1, TaskState.RUNNING), ti("b", -1, TaskState.NONE));
    Map<TiKey, TaskState> last = snapshot(rows);
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
  void aRetryWaitIsAlwaysDecidedSinceItComesDueWithTime() {
    List<TaskInstanceRow> rows = List.of(ti("a", -1, TaskState.UP_FOR_RETRY), ti("b", -1, TaskState.NONE));
    assertThat(RunPass.unchanged(snapshot(rows), rows)).isFalse();
    List<TaskInstanceRow> sensor = List.of(ti("s", -1, TaskState.UP_FOR_RESCHEDULE));
    assertThat(RunPass.unchanged(snapshot(sensor), sensor)).isFalse();
  }
}
