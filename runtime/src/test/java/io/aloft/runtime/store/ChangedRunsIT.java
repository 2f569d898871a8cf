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
      TwoRunningRuns.seed(db);
      TaskInstanceStore store = new TaskInstanceStore(db.jdbi());
      List<String> known = List.of("d\0r1", "d\0r2");
      TaskInstanceStore.ChangedRead first = db.jdbi().inTransaction(h -> store.readChanged(h, null, List.of(), true, null));
      assertThat(first.runs().keySet()).as("no watermark: every running run").containsExactlyInAnyOrderElementsOf(known);
      assertThat(first.runs().get("d\0r1")).extracting(TaskInstanceRow::taskId).containsExactlyInAnyOrder("a", "b", "c");
      // (the watermark is the oldest transaction still open in the whole server, which other tests' may hold back:
      // a read may name a run again, never miss one; so these say what must be read and what cannot be yet)
      TaskInstanceStore.ChangedRead quiet = db.jdbi().inTransaction(h -> store.readChanged(h, first.watermark(), known, true, null));
      assertThat(quiet.pass()).isEqualTo(first.pass() + 1);
      TaskInstanceStore.ChangedRead unknown =
          db.jdbi().inTransaction(h -> store.readChanged(h, quiet.watermark(), List.of("d\0r2"), true, null));
      assertThat(unknown.runs()).as("a run the caller does not know yet is read whole").containsKey("d\0r1");

      db.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'success' WHERE run_id = 'r2' AND task_id = 'a'"));
      TaskInstanceStore.ChangedRead one = db.jdbi().inTransaction(h -> store.readChanged(h, unknown.watermark(), known, true, null));
      assertThat(one.runs()).containsKey("d\0r2");
      assertThat(one.runs().get("d\0r2")).filteredOn(t -> t.taskId().equals("a")).extracting(TaskInstanceRow::state)
          .containsExactly(TaskState.SUCCESS);

      try (Handle late = db.jdbi().open()) {
        late.begin();
        late.execute("UPDATE task_instance SET state = 'failed' WHERE run_id = 'r1' AND task_id = 'b'");
        TaskInstanceStore.ChangedRead before = db.jdbi().inTransaction(h -> store.readChanged(h, one.watermark(), known, true, null));
        assertThat(before.runs()).as("not committed yet").doesNotContainKey("d\0r1");
        late.commit();
        TaskInstanceStore.ChangedRead after = db.jdbi().inTransaction(h -> store.readChanged(h, before.watermark(), known, true, null));
        assertThat(after.runs()).as("committed after the last read: still after its watermark").containsKey("d\0r1");
        assertThat(after.pass()).isEqualTo(before.pass() + 1);
      }

      db.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET state = 'success' WHERE run_id = 'r1'"));
      db.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'success' WHERE run_id = 'r1'"));
      assertThat(db.jdbi().inTransaction(h -> store.readChanged(h, null, List.of(), true, null)).runs().keySet())
          .as("running runs only").containsExactly("d\0r2");
    }
  }

  @Test
  void changeRowsGoOnlyWhenAskedAndAnIdlePurgeTakesAPassNumberOnlyWhenItDeletedAny() {
    try (Database db = TestDatabase.fresh()) {
      TwoRunningRuns.seed(db); // as a bulk fill while nothing runs: change rows no pass read
      TaskInstanceStore store = new TaskInstanceStore(db.jdbi());
      long first = db.jdbi().inTransaction(h -> store.readChanged(h, null, List.of(), false, null)).pass();
      assertThat(changeRows(db)).as("a read without purge keeps them").isPositive();

      assertThat(db.jdbi().withHandle(store::purgeChanges)).isPositive();
      assertThat(changeRows(db)).isZero();
      long second = db.jdbi().inTransaction(h -> store.readChanged(h, null, List.of(), true, null)).pass();
      assertThat(second).as("the purge took a number: a daemon relying on the rows sees a gap").isEqualTo(first + 2);

      assertThat(db.jdbi().withHandle(store::purgeChanges)).isZero();
      long third = db.jdbi().inTransaction(h -> store.readChanged(h, null, List.of(), true, null)).pass();
      assertThat(third).as("nothing deleted: no number taken").isEqualTo(second + 1);
    }
  }

  @Test
  void theRowsOfTheCallersOwnLastPassAreNotChangesToItButAnotherTransactionsAre() {
    try (Database db = TestDatabase.fresh()) {
      TwoRunningRuns.seed(db);
      TaskInstanceStore store = new TaskInstanceStore(db.jdbi());
      List<String> known = List.of("d\0r1", "d\0r2");
      // a pass: reads, then writes an instance of r1 in its own transaction (as it queues or notes one)
      TaskInstanceStore.ChangedRead pass = db.jdbi().inTransaction(h -> {
        TaskInstanceStore.ChangedRead read = store.readChanged(h, null, List.of(), true, null);
        h.execute("UPDATE task_instance SET note = 'waits' WHERE run_id = 'r1' AND task_id = 'a'");
        return read;
      });
      assertThat(pass.own()).isNotNull();
      TaskInstanceStore.ChangedRead next =
          db.jdbi().inTransaction(h -> store.readChanged(h, pass.watermark(), known, true, pass.own()));
      assertThat(next.runs()).as("the pass's own write").doesNotContainKey("d\0r1");

      db.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET note = 'x' WHERE run_id = 'r1' AND task_id = 'b'"));
      TaskInstanceStore.ChangedRead after =
          db.jdbi().inTransaction(h -> store.readChanged(h, next.watermark(), known, true, next.own()));
      assertThat(after.runs()).as("another transaction's write").containsKey("d\0r1");
    }
  }

  private static long changeRows(Database db) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM ti_change").mapTo(Long.class).one());
  }

  @Test
  void endingSeveralRunsInOneStatementSetsStateDateAndKeepsANoteWhenNoneIsGiven() {
    try (Database db = TestDatabase.fresh()) {
      TwoRunningRuns.seed(db);
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
}
