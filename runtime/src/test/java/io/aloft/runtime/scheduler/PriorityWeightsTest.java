package io.aloft.runtime.scheduler;

import static io.aloft.runtime.scheduler.Dags.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.TaskSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriorityWeightsTest {

  @Test
  void downstreamUpstreamAndAbsolute() {
    // a -> b -> d, a -> c -> d ; d counted once in a's downstream sum.
    DagGraph down =
        Dags.graph(weighted("a", 1, "downstream"), weighted("b", 2, "downstream", "a"),
            weighted("c", 3, "downstream", "a"), weighted("d", 4, "downstream", "b", "c"));
    assertThat(PriorityWeights.of(down)).isEqualTo(Map.of("a", 10, "b", 6, "c", 7, "d", 4));

    DagGraph up =
        Dags.graph(weighted("a", 1, "upstream"), weighted("b", 2, "upstream", "a"),
            weighted("c", 3, "upstream", "a"), weighted("d", 4, "upstream", "b", "c"));
    assertThat(PriorityWeights.of(up)).isEqualTo(Map.of("a", 1, "b", 3, "c", 4, "d", 10));

    DagGraph abs = Dags.graph(weighted("a", 1, "absolute"), weighted("b", 2, "absolute", "a"));
    assertThat(PriorityWeights.of(abs)).isEqualTo(Map.of("a", 1, "b", 2));
  }

  @Test
  void aCustomStrategysParseTimeWeightIsTheTasksAndOthersStillSumItsOwnWeight() {
    // b's strategy gave 42 at parse time; a (downstream) adds b's own priority_weight, 5, as Airflow does.
    TaskSpec b = custom(weighted("b", 5, "dags.Strategy", "a"), 42);
    DagGraph graph = Dags.graph(weighted("a", 1, "downstream"), b);
    assertThat(PriorityWeights.of(graph)).isEqualTo(Map.of("a", 6, "b", 42));
  }

  private static TaskSpec custom(TaskSpec t, int weight) {
    return t.toBuilder().customWeight(weight).build();
  }
}
