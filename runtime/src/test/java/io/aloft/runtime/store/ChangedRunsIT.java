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

  @Test
  void aRunsInstancesAreReadByTheirKeyEvenBeforeTheTableHasStatistics() throws Exception {
    try (Database db = TestDatabase.fresh()) {
      // 200 running runs of one DAG with 20 instances each: with V1's (dag_id, task_id) index and statistics that did
      // not tell runs apart, the planner read every instance of the DAG for each run it read.
      db.jdbi().useHandle(h -> {
        // Autovacuum analysed the tables early, while the runs were being created (none running yet) and the first
        // run's instances were the only ones (one run_id: a run is no filter at all in those statistics), and has not
        // come round again. Then the runs start.
        h.execute("INSERT INTO dag_run (dag_id, run_id, spec_hash, run_type, state, logical_date)"
            + " SELECT 'd', 'r' || i, 'h', 'manual', 'queued', now() + i * interval '1 s' FROM generate_series(1, 200) i");
        h.execute("INSERT INTO task_instance (dag_id, run_id, task_id) SELECT 'd', 'r1', 't' || t FROM generate_series(1, 20) t");
        h.execute("ANALYZE dag_run");
        h.execute("ANALYZE task_instance");
        h.execute("UPDATE dag_run SET state = 'running'");
        h.execute("INSERT INTO task_instance (dag_id, run_id, task_id)"
            + " SELECT 'd', 'r' || i, 't' || t FROM generate_series(2, 200) i, generate_series(1, 20) t");
      });
      // a pass that knows 190 of them: it reads the other 10 (their instances: 200 rows)
      List<String> known = java.util.stream.IntStream.rangeClosed(11, 200).mapToObj(i -> "r" + i).toList();
      String watermark = db.jdbi().withHandle(h ->
          h.createQuery("SELECT CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text)").mapTo(String.class).one());
      // As the scheduler runs it: a statement prepared on the server, whose plan the server caches as a generic plan
      // after a few executions (forced here), planned without the values and the table's statistics.
      String prepared = TaskInstanceStore.CHANGE_READ_SQL.replace(":purge", "$1").replace(":w", "$2")
          .replace(":own", "$3").replace(":kd", "$4").replace(":kr", "$5");
      String plan = db.jdbi().inTransaction(h -> {
        try (java.sql.Statement st = h.getConnection().createStatement()) {
          st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
          st.execute("PREPARE change_read(boolean, text, text, text[], text[]) AS " + prepared);
          StringBuilder out = new StringBuilder();
          try (java.sql.ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE change_read(false, '"
              + watermark + "', NULL, ARRAY[" + String.join(",", java.util.Collections.nCopies(known.size(), "'d'"))
              + "], ARRAY['" + String.join("','", known) + "'])")) {
            while (rs.next()) {
              out.append(rs.getString(1)).append('\n');
            }
          }
          return out.toString();
        }
      });
      long[] read = {0, 0}; // rows returned and rows read and thrown away, over the plan's task_instance nodes
      sumInstanceRows(new com.fasterxml.jackson.databind.ObjectMapper().readTree(plan).get(0).get("Plan"), read);
      // Its 10 runs' 200 instances, through the primary key or (these statistics make a run look unselective) in one
      // pass over the table; never all 4,000 instances of the DAG once for each run.
      assertThat(read[0] + read[1]).as("instances read (plan: %s)", plan).isBetween(200L, 4000L);
      // What made that happen in `scripts/bench scale runs` (no statistics yet, and an index bloated by state changes):
      // an index other than the primary key that led with dag_id, which the planner took for (dag_id, run_id) lookups
      // and read the whole DAG per run. None may lead with it now.
      List<String> leadingDag = db.jdbi().withHandle(h -> h.createQuery(
              "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_attribute a"
                  + " ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
                  + " WHERE i.indrelid = 'task_instance'::regclass AND NOT i.indisprimary AND a.attname = 'dag_id'")
          .mapTo(String.class).list());
      assertThat(leadingDag).isEmpty();
    }
  }

  private static void sumInstanceRows(com.fasterxml.jackson.databind.JsonNode node, long[] read) {
    if ("task_instance".equals(node.path("Relation Name").asText())) {
      long loops = node.path("Actual Loops").asLong(1); // EXPLAIN gives rows per loop
      read[0] += node.path("Actual Rows").asLong() * loops;
      read[1] += (node.path("Rows Removed by Filter").asLong() + node.path("Rows Removed by Index Recheck").asLong()) * loops;
    }
    for (com.fasterxml.jackson.databind.JsonNode child : node.path("Plans")) {
      sumInstanceRows(child, read);
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
