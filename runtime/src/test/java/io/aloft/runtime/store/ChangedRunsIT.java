package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * The change rows the scheduler's pass reads instead of every running instance ({@link
 * TaskInstanceStore#changesSince}, V71's trigger): a change by another connection is seen, a change whose transaction
 * was still open at a read is seen by the read after its commit (not lost behind the watermark), passes are numbered
 * one after the other, and the one-statement end of several runs keeps {@link DagRunStore#finish}'s rules.
 */
class ChangedRunsIT {

  private static final Instant NOW = Instant.parse("2026-12-04T23:00:00Z");

  @Test
  void aChangeFromAnotherConnectionIsSeenEvenWhenItCommitsAfterARead() {
    try (Database db = TestDatabase.fresh()) {
      seed(db);
      TaskInstanceStore store = new TaskInstanceStore(db.jdbi());
      TaskInstanceStore.Changes first = db.jdbi().inTransaction(h -> store.changesSince(h, null));
      assertThat(first.runs()).as("no watermark: the caller reads everything").isEmpty();
      // (the watermark is the oldest transaction still open in the whole server, which other tests' may hold back:
      // a read may name a run again, never miss one; so these say what must be named and what cannot be yet)
      TaskInstanceStore.Changes quiet = db.jdbi().inTransaction(h -> store.changesSince(h, first.watermark()));
      assertThat(quiet.pass()).isEqualTo(first.pass() + 1);

      db.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'success' WHERE run_id = 'r2' AND task_id = 'a'"));
      TaskInstanceStore.Changes one = db.jdbi().inTransaction(h -> store.changesSince(h, quiet.watermark()));
      assertThat(one.runs()).contains("d\0r2");

      try (Handle late = db.jdbi().open()) {
        late.begin();
        late.execute("UPDATE task_instance SET state = 'failed' WHERE run_id = 'r1' AND task_id = 'b'");
        TaskInstanceStore.Changes before = db.jdbi().inTransaction(h -> store.changesSince(h, one.watermark()));
        assertThat(before.runs()).as("not committed yet").doesNotContain("d\0r1");
        late.commit();
        TaskInstanceStore.Changes after = db.jdbi().inTransaction(h -> store.changesSince(h, before.watermark()));
        assertThat(after.runs()).as("committed after the last read: still after its watermark").contains("d\0r1");
        assertThat(after.pass()).isEqualTo(before.pass() + 1);
      }

      assertThat(db.jdbi().withHandle(h -> store.listForRuns(h, List.of("d\0r1"))).get("d\0r1"))
          .extracting(TaskInstanceRow::taskId)
          .containsExactlyInAnyOrder("a", "b", "c");
      assertThat(db.jdbi().withHandle(h -> store.listForRuns(h, List.of("d\0r1"))).keySet()).containsExactly("d\0r1");
    }
  }

  @Test
  void endingSeveralRunsInOneStatementSetsStateDateAndKeepsANoteWhenNoneIsGiven() {
    try (Database db = TestDatabase.fresh()) {
      seed(db);
      DagRunStore runs = new DagRunStore(db.jdbi());
      db.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET note = 'kept' WHERE run_id = 'r1'"));
      long r1 = runs.get("d", "r1").orElseThrow().id();
      long r2 = runs.get("d", "r2").orElseThrow().id();
      db.jdbi().useTransaction(h -> runs.finishAll(h, List.of(
          new DagRunStore.Finish(r1, RunState.SUCCESS, null),
          new DagRunStore.Finish(r2, RunState.FAILED, "all_tasks_deadlocked")), NOW));

      DagRunRow one = runs.get("d", "r1").orElseThrow();
      DagRunRow two = runs.get("d", "r2").orElseThrow();
      assertThat(one.state()).isEqualTo(RunState.SUCCESS);
      assertThat(one.endDate()).isEqualTo(NOW);
      assertThat(one.note()).isEqualTo("kept");
      assertThat(two.state()).isEqualTo(RunState.FAILED);
      assertThat(two.note()).isEqualTo("all_tasks_deadlocked");
    }
  }

  private static void seed(Database db) {
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO dag_run (dag_id, run_id, spec_hash, run_type, state, logical_date)"
          + " VALUES ('d', 'r1', 'h', 'manual', 'running', now()), ('d', 'r2', 'h', 'manual', 'running', now() + interval '1 s')");
      for (String run : List.of("r1", "r2")) {
        for (String task : List.of("a", "b", "c")) {
          h.execute("INSERT INTO task_instance (dag_id, run_id, task_id) VALUES ('d', ?, ?)", run, task);
        }
      }
    });
  }
}
