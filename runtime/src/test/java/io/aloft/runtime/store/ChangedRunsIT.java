package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import io.aloft.runtime.model.TaskState;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * The change rows that let the scheduler's pass read only the runs that changed ({@link
 * TaskInstanceStore#readChanged}, V71's trigger): a change by another connection is seen, a change whose transaction
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
      List<String> known = List.of("d\0r1", "d\0r2");
      TaskInstanceStore.ChangedRead first = db.jdbi().inTransaction(h -> store.readChanged(h, null, List.of()));
      assertThat(first.runs().keySet()).as("no watermark: every running run").containsExactlyInAnyOrderElementsOf(known);
      assertThat(first.runs().get("d\0r1")).extracting(TaskInstanceRow::taskId).containsExactlyInAnyOrder("a", "b", "c");
      // (the watermark is the oldest transaction still open in the whole server, which other tests' may hold back:
      // a read may name a run again, never miss one; so these say what must be read and what cannot be yet)
      TaskInstanceStore.ChangedRead quiet = db.jdbi().inTransaction(h -> store.readChanged(h, first.watermark(), known));
      assertThat(quiet.pass()).isEqualTo(first.pass() + 1);
      TaskInstanceStore.ChangedRead unknown =
          db.jdbi().inTransaction(h -> store.readChanged(h, quiet.watermark(), List.of("d\0r2")));
      assertThat(unknown.runs()).as("a run the caller does not know yet is read whole").containsKey("d\0r1");

      db.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'success' WHERE run_id = 'r2' AND task_id = 'a'"));
      TaskInstanceStore.ChangedRead one = db.jdbi().inTransaction(h -> store.readChanged(h, unknown.watermark(), known));
      assertThat(one.runs()).containsKey("d\0r2");
      assertThat(one.runs().get("d\0r2")).filteredOn(t -> t.taskId().equals("a")).extracting(TaskInstanceRow::state)
          .containsExactly(TaskState.SUCCESS);

      try (Handle late = db.jdbi().open()) {
        late.begin();
        late.execute("UPDATE task_instance SET state = 'failed' WHERE run_id = 'r1' AND task_id = 'b'");
        TaskInstanceStore.ChangedRead before = db.jdbi().inTransaction(h -> store.readChanged(h, one.watermark(), known));
        assertThat(before.runs()).as("not committed yet").doesNotContainKey("d\0r1");
        late.commit();
        TaskInstanceStore.ChangedRead after = db.jdbi().inTransaction(h -> store.readChanged(h, before.watermark(), known));
        assertThat(after.runs()).as("committed after the last read: still after its watermark").containsKey("d\0r1");
        assertThat(after.pass()).isEqualTo(before.pass() + 1);
      }

      db.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET state = 'success' WHERE run_id = 'r1'"));
      db.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'success' WHERE run_id = 'r1'"));
      assertThat(db.jdbi().inTransaction(h -> store.readChanged(h, null, List.of())).runs().keySet())
          .as("running runs only").containsExactly("d\0r2");
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
