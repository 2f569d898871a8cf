package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's read of the active runs ({@link DagRunStore#activeIfLocked}) against the view it keeps between
 * passes: unchanged rows come from the view, a changed row is read again whoever changed it, and a rolled-back change
 * leaves the view right.
 */
class ActiveRunsIT {

  private static final long LOCK = 42;

  @Test
  void unchangedRunsComeFromTheViewChangedOnesAreReadAgain() {
    try (Database db = TestDatabase.fresh()) {
      TwoRunningRuns.seed(db);
      DagRunStore runs = new DagRunStore(db.jdbi());
      Map<Long, DagRunStore.KnownRun> known = new HashMap<>();
      List<DagRunRow> first = db.jdbi().inTransaction(h -> runs.activeIfLocked(h, LOCK, known)).orElseThrow();
      assertThat(first).extracting(DagRunRow::runId).containsExactly("r1", "r2");
      assertThat(known).hasSize(2);

      List<DagRunRow> again = db.jdbi().inTransaction(h -> runs.activeIfLocked(h, LOCK, known)).orElseThrow();
      assertThat(again.get(0)).as("unchanged: the same row, not read again").isSameAs(first.get(0));
      assertThat(again.get(1)).isSameAs(first.get(1));

      db.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET note = 'changed elsewhere' WHERE run_id = 'r2'"));
      db.jdbi().useHandle(h -> h.execute("INSERT INTO dag_run (dag_id, run_id, spec_hash, run_type, state, logical_date)"
          + " VALUES ('d', 'r3', 'h', 'manual', 'queued', now() + interval '2 s')"));
      List<DagRunRow> third = db.jdbi().inTransaction(h -> runs.activeIfLocked(h, LOCK, known)).orElseThrow();
      assertThat(third).extracting(DagRunRow::runId).as("oldest first, the new one too").containsExactly("r1", "r2", "r3");
      assertThat(third.get(0)).isSameAs(first.get(0));
      assertThat(third.get(1).note()).as("changed by another connection: read again").isEqualTo("changed elsewhere");
      assertThat(third.get(2).state()).isEqualTo(RunState.QUEUED);

      // Twice in one transaction: the row's second version has the same transaction id, but another place.
      db.jdbi().useTransaction(h -> {
        h.execute("UPDATE dag_run SET note = 'once' WHERE run_id = 'r1'");
        assertThat(runs.activeIfLocked(h, LOCK, known).orElseThrow().get(0).note()).isEqualTo("once");
        h.execute("UPDATE dag_run SET note = 'twice' WHERE run_id = 'r1'");
        assertThat(runs.activeIfLocked(h, LOCK, known).orElseThrow().get(0).note()).isEqualTo("twice");
      });

      db.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET state = 'success' WHERE run_id = 'r1'"));
      assertThat(db.jdbi().inTransaction(h -> runs.activeIfLocked(h, LOCK, known)).orElseThrow())
          .extracting(DagRunRow::runId).containsExactly("r2", "r3");
      assertThat(known).as("an ended run leaves the view").hasSize(2);
    }
  }

  @Test
  void aRolledBackChangeLeavesTheViewAsTheStoreIs() {
    try (Database db = TestDatabase.fresh()) {
      TwoRunningRuns.seed(db);
      db.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET state = 'queued' WHERE run_id = 'r2'"));
      DagRunStore runs = new DagRunStore(db.jdbi());
      Map<Long, DagRunStore.KnownRun> known = new HashMap<>();
      try (Handle h = db.jdbi().open()) {
        h.begin();
        DagRunRow r2 = runs.activeIfLocked(h, LOCK, known).orElseThrow().get(1);
        runs.markRunning(h, List.of(r2.id()), java.time.Instant.now()); // as a pass starts a queued run
        h.rollback();
      }
      List<DagRunRow> after = db.jdbi().inTransaction(h -> runs.activeIfLocked(h, LOCK, known)).orElseThrow();
      assertThat(after.get(1).state()).as("the start was rolled back").isEqualTo(RunState.QUEUED);
      db.jdbi().useTransaction(h -> runs.markRunning(h, List.of(after.get(1).id()), java.time.Instant.now()));
      assertThat(db.jdbi().inTransaction(h -> runs.activeIfLocked(h, LOCK, known)).orElseThrow().get(1).state())
          .isEqualTo(RunState.RUNNING);
    }
  }

  @Test
  void whileAnotherHoldsTheLockNothingIsReadAndTheViewStays() {
    try (Database db = TestDatabase.fresh(); Handle other = db.jdbi().open()) {
      TwoRunningRuns.seed(db);
      DagRunStore runs = new DagRunStore(db.jdbi());
      Map<Long, DagRunStore.KnownRun> known = new HashMap<>();
      db.jdbi().useTransaction(h -> runs.activeIfLocked(h, LOCK, known));
      Map<Long, DagRunStore.KnownRun> before = Map.copyOf(known);
      other.begin();
      other.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      java.util.Optional<List<DagRunRow>> locked = db.jdbi().inTransaction(h -> runs.activeIfLocked(h, LOCK, known));
      assertThat(locked).isEmpty();
      assertThat(known).isEqualTo(before);
      other.rollback();
    }
  }
}
