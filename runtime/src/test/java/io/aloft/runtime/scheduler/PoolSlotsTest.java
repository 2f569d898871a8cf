package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.scheduler.PoolSlots.Admission;
import io.aloft.runtime.scheduler.PoolSlots.Candidate;
import io.aloft.runtime.scheduler.PoolSlots.DagLimit;
import io.aloft.runtime.scheduler.PoolSlots.Pool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolSlotsTest {

  private static final Instant OLD = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant NEW = Instant.parse("2024-01-02T00:00:00Z");

  private static Candidate c(String task, String pool, int slots, int weight, Instant run) {
    return new Candidate("d", "run_" + run, task, -1, pool, slots, weight, run);
  }

  private static List<String> ids(List<Candidate> cs) {
    return cs.stream().map(Candidate::taskId).toList();
  }

  @Test
  void ordersByWeightThenOlderRun() {
    Admission a =
        PoolSlots.admit(
            List.of(new Pool("p", 10, 0, 0)), Map.of(),
            List.of(c("low", "p", 1, 1, OLD), c("high_new", "p", 1, 5, NEW), c("high_old", "p", 1, 5, OLD)),
            100);
    assertThat(ids(a.admitted())).containsExactly("high_old", "high_new", "low");
  }

  @Test
  void neverExceedsOpenSlotsButLetsSmallerTasksThrough() {
    Admission a =
        PoolSlots.admit(
            List.of(new Pool("p", 5, 1, 1)), Map.of(),
            List.of(c("big", "p", 2, 9, OLD), c("bigger", "p", 2, 8, OLD), c("small", "p", 1, 1, OLD)),
            100);
    assertThat(ids(a.admitted())).containsExactly("big", "small");
    assertThat(a.waiting()).singleElement()
        .satisfies(w -> assertThat(w.reason()).isEqualTo("pool 'p' has 1 open slot(s); the task needs 2"));
  }

  @Test
  void missingPoolSaysHowToCreateIt() {
    Admission a = PoolSlots.admit(List.of(), Map.of(), List.of(c("t", "gpu_pool", 1, 1, OLD)), 100);
    assertThat(a.admitted()).isEmpty();
    assertThat(a.waiting().get(0).reason())
        .isEqualTo("pool 'gpu_pool' does not exist: create it with `aloft pools set gpu_pool 1`");
  }

  @Test
  void taskBiggerThanItsPoolSaysHowToResizeIt() {
    Admission a = PoolSlots.admit(List.of(new Pool("gpu_pool", 1, 0, 0)), Map.of(), List.of(c("t", "gpu_pool", 2, 1, OLD)), 100);
    assertThat(a.waiting().get(0).reason())
        .isEqualTo("the task needs 2 slots but pool 'gpu_pool' has only 1: resize it with `aloft pools set gpu_pool 2`");
  }

  @Test
  void respectsMaxActiveTasksPerDag() {
    Admission a =
        PoolSlots.admit(
            List.of(new Pool("p", 10, 0, 0)), Map.of("d", new DagLimit(3, 1)),
            List.of(c("a", "p", 1, 3, OLD), c("b", "p", 1, 2, OLD), c("c", "p", 1, 1, OLD)),
            100);
    assertThat(ids(a.admitted())).containsExactly("a", "b");
    assertThat(a.waiting().get(0).reason()).contains("max_active_tasks (3)");
  }

  @Test
  void capsAdmissionsPerPass() {
    Admission a =
        PoolSlots.admit(
            List.of(new Pool("p", 10, 0, 0)), Map.of(),
            List.of(c("a", "p", 1, 3, OLD), c("b", "p", 1, 2, OLD)), 1);
    assertThat(ids(a.admitted())).containsExactly("a");
  }
}
