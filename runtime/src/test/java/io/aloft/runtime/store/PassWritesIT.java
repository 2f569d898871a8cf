package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.TaskState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler pass's one-statement writes ({@link TaskInstanceStore#setStates(org.jdbi.v3.core.Handle,
 * java.util.Collection, Instant)} and {@link TaskInstanceStore#admitted}) keep the rules of the one-row statements they
 * replace: several states and runs in one go, finished states get their dates, a running or finished instance is
 * left alone, and notes (null too) land on exactly the keys given.
 */
class PassWritesIT {

  private static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");

  @Test
  void oneStatementSetsManyStatesAcrossRunsAndLeavesRunningAndFinishedInstancesAlone() {
    try (Database db = TestDatabase.fresh()) {
      seed(db);
      TaskInstanceStore store = new TaskInstanceStore(db.jdbi());
      db.jdbi().useTransaction(h -> store.setStates(h, List.of(
          change("r1", "a", TaskState.SCHEDULED, null),
          change("r1", "b", TaskState.SKIPPED, "its upstream was skipped"),
          change("r2", "a", TaskState.UPSTREAM_FAILED, "upstream 'x' failed"),
          change("r2", "b", TaskState.SCHEDULED, null), // running: left alone
          change("r2", "c", TaskState.SCHEDULED, null)), // success: left alone
          NOW));

      assertThat(row(store, "r1", "a").state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(row(store, "r1", "a").endDate()).isNull();
      assertThat(row(store, "r1", "a").note()).isNull();
      TaskInstanceRow skipped = row(store, "r1", "b");
      assertThat(skipped.state()).isEqualTo(TaskState.SKIPPED);
      assertThat(skipped.note()).isEqualTo("its upstream was skipped");
      assertThat(skipped.endDate()).isEqualTo(NOW);
      assertThat(skipped.startDate()).isEqualTo(NOW);
      assertThat(row(store, "r2", "a").state()).isEqualTo(TaskState.UPSTREAM_FAILED);
      assertThat(row(store, "r2", "b").state()).isEqualTo(TaskState.RUNNING);
      assertThat(row(store, "r2", "c").state()).isEqualTo(TaskState.SUCCESS);
      assertThat(row(store, "r1", "c").state()).isEqualTo(TaskState.NONE); // not named: untouched
    }
  }

  @Test
  void notesLandOnTheGivenKeysOnlyAndNullClearsOne() {
    try (Database db = TestDatabase.fresh()) {
      seed(db);
      TaskInstanceStore store = new TaskInstanceStore(db.jdbi());
      db.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET note = 'old' WHERE task_id = 'c'"));
      Map<TiKey, String> notes = new LinkedHashMap<>();
      notes.put(key("r1", "a"), "waits for a slot in pool 'default_pool'");
      notes.put(key("r2", "a"), "the DAG has max_active_tasks=1 running");
      notes.put(key("r1", "c"), null);
      db.jdbi().useTransaction(h -> store.admitted(h, List.of(), notes, NOW));

      assertThat(row(store, "r1", "a").note()).isEqualTo("waits for a slot in pool 'default_pool'");
      assertThat(row(store, "r2", "a").note()).isEqualTo("the DAG has max_active_tasks=1 running");
      assertThat(row(store, "r1", "c").note()).isNull();
      assertThat(row(store, "r2", "c").note()).isEqualTo("old");
      assertThat(row(store, "r1", "a").state()).isEqualTo(TaskState.NONE);
    }
  }

  @Test
  void admissionQueuesSomeAndNotesOthersInOneStatement() {
    try (Database db = TestDatabase.fresh()) {
      seed(db);
      TaskInstanceStore store = new TaskInstanceStore(db.jdbi());
      db.jdbi().useHandle(h -> h.execute("UPDATE task_instance SET state = 'scheduled', note = 'waits'"
          + " WHERE task_id = 'a'"));
      Map<TiKey, String> waits = new LinkedHashMap<>();
      waits.put(key("r1", "c"), "waits for a slot"); // noted in the same statement, state kept
      db.jdbi().useTransaction(h -> store.admitted(h, List.of(key("r1", "a"), key("r2", "a")), waits, NOW));

      for (String run : List.of("r1", "r2")) {
        TaskInstanceRow queued = row(store, run, "a");
        assertThat(queued.state()).isEqualTo(TaskState.QUEUED);
        assertThat(queued.queuedDttm()).isEqualTo(NOW);
        assertThat(queued.note()).isNull();
      }
      assertThat(row(store, "r1", "b").state()).isEqualTo(TaskState.NONE);
      assertThat(row(store, "r1", "c").state()).isEqualTo(TaskState.NONE);
      assertThat(row(store, "r1", "c").note()).isEqualTo("waits for a slot");
      assertThat(row(store, "r1", "c").queuedDttm()).isNull();
    }
  }

  @Test
  void slotUseReadsThePoolsAndEachDagsRunningAndQueuedInstancesInOneStatement() {
    try (Database db = TestDatabase.fresh()) {
      seed(db);
      db.jdbi().useHandle(h -> {
        h.execute("INSERT INTO pool (name, slots, description) VALUES ('gpu', 2, 'two cards')");
        h.execute("UPDATE task_instance SET state = 'queued', pool = 'gpu', pool_slots = 2 WHERE run_id = 'r1' AND task_id = 'a'");
        h.execute("INSERT INTO dag_run (dag_id, run_id, spec_hash, run_type, state, logical_date)"
            + " VALUES ('other', 'r1', 'h', 'manual', 'running', now())");
        h.execute("INSERT INTO task_instance (dag_id, run_id, task_id, state) VALUES ('other', 'r1', 'x', 'running')");
      });
      PoolStore.SlotUse use = db.jdbi().withHandle(h -> new PoolStore(db.jdbi()).slotUse(h));

      assertThat(use.pools()).extracting(PoolRow::name, PoolRow::slots, PoolRow::running, PoolRow::queued)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("default_pool", 128, 2, 0),
              org.assertj.core.groups.Tuple.tuple("gpu", 2, 0, 2));
      assertThat(use.activePerDag()).isEqualTo(Map.of("d", 2, "other", 1));
    }
  }

  /** {@link TwoRunningRuns}, with r2's b running and its c succeeded. */
  private static void seed(Database db) {
    TwoRunningRuns.seed(db);
    db.jdbi().useHandle(h -> {
      h.execute("UPDATE task_instance SET state = 'running' WHERE run_id = 'r2' AND task_id = 'b'");
      h.execute("UPDATE task_instance SET state = 'success' WHERE run_id = 'r2' AND task_id = 'c'");
    });
  }

  private static TiKey key(String run, String task) {
    return new TiKey("d", run, task, -1);
  }

  private static TaskInstanceStore.StateChange change(String run, String task, TaskState state, String note) {
    return new TaskInstanceStore.StateChange(key(run, task), state, note);
  }

  private static TaskInstanceRow row(TaskInstanceStore store, String run, String task) {
    return store.get(key(run, task)).orElseThrow();
  }
}
