package io.aloft.runtime.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.TaskState;
import io.aloft.runtime.store.Database;
import io.aloft.runtime.store.DagRunRow;
import io.aloft.runtime.store.DagRunStore;
import io.aloft.runtime.store.TaskInstanceRow;
import io.aloft.runtime.store.TaskInstanceStore;
import io.aloft.runtime.store.TestDatabase;
import io.aloft.runtime.store.TiKey;
import io.aloft.runtime.store.TwoRunningRuns;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's view of the running runs' instances: what a pass wrote itself (states, queueing, notes) is applied
 * to the view exactly as the store applied it, so the next pass does not read those runs again, while a write by any
 * other transaction still makes the run read again.
 */
class InstanceCacheIT {

  private static final Instant NOW = Instant.parse("2026-12-05T02:00:00.123456789Z");

  @Test
  void aPassesOwnWritesAreMirroredAndNotReadAgainWhileAnotherTransactionsAre() {
    try (Database db = TestDatabase.fresh()) {
      TwoRunningRuns.seed(db);
      TaskInstanceStore store = new TaskInstanceStore(db.jdbi());
      DagRunStore runs = new DagRunStore(db.jdbi());
      List<DagRunRow> running = List.of(runs.get("d", "r1").orElseThrow(), runs.get("d", "r2").orElseThrow());
      InstanceCache cache = new InstanceCache(store);

      InstanceCache.Read first = db.jdbi().inTransaction(h -> {
        InstanceCache.Read read = cache.read(h, running, NOW);
        List<TaskInstanceStore.StateChange> changes = List.of(
            new TaskInstanceStore.StateChange(key("r1", "a"), TaskState.SCHEDULED, null),
            new TaskInstanceStore.StateChange(key("r1", "b"), TaskState.SKIPPED, "its upstream was skipped"),
            new TaskInstanceStore.StateChange(key("r2", "a"), TaskState.SCHEDULED, null));
        store.setStates(h, changes, NOW);
        cache.stateChanges(changes, NOW);
        Map<TiKey, String> notes = Map.of(key("r2", "a"), "the executor has no free slots in this pass");
        store.admitted(h, List.of(key("r1", "a")), notes, NOW);
        cache.queued(List.of(key("r1", "a")), NOW);
        cache.noted(notes);
        return read;
      });
      cache.committed();
      assertThat(first.full()).isTrue();

      InstanceCache.Read second = db.jdbi().inTransaction(h -> cache.read(h, running, NOW));
      cache.committed();
      assertThat(second.runsRead()).as("only the pass's own writes since: nothing to read").isZero();
      assertThat(sorted(second.rows())).as("the view is what the store holds")
          .isEqualTo(sorted(db.jdbi().withHandle(store::listForRunningRuns)));

      db.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'failed' WHERE run_id = 'r2' AND task_id = 'c'"));
      InstanceCache.Read third = db.jdbi().inTransaction(h -> cache.read(h, running, NOW));
      cache.committed();
      assertThat(third.runsRead()).as("another transaction's write").isEqualTo(1);
      assertThat(third.rows().get("d\0r2")).filteredOn(t -> t.taskId().equals("c")).extracting(TaskInstanceRow::state)
          .containsExactly(TaskState.FAILED);
    }
  }

  private static TiKey key(String run, String task) {
    return new TiKey("d", run, task, -1);
  }

  private static List<TaskInstanceRow> sorted(Map<String, List<TaskInstanceRow>> byRun) {
    return byRun.values().stream().flatMap(List::stream)
        .sorted(Comparator.comparing(TaskInstanceRow::runId).thenComparing(TaskInstanceRow::taskId)).toList();
  }
}
