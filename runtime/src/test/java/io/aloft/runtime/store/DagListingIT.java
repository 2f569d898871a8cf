package io.aloft.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.runtime.model.RunState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DAG list's one-statement page ({@link DagStore#listPage}) answers what the page used to work out from every DAG
 * and two more reads: the filters' counts, the matching total, the page by id, each DAG's latest run by logical date
 * and its run counts, a page asked past the end as the last one.
 */
class DagListingIT {

  @Test
  void aPageHoldsItsDagsWithTheirLatestRunAndCountsAndTheFiltersCounts() {
    try (Database db = TestDatabase.fresh()) {
      db.jdbi().useHandle(h -> {
        for (int i = 0; i < 5; i++) {
          h.execute("INSERT INTO dag (dag_id, fileloc, spec_hash, is_paused, is_active, last_parsed_time)"
              + " VALUES (?, 'f.py', 'h', ?, true, now())", "dag_" + i, i % 2 == 1);
        }
        h.execute("INSERT INTO dag (dag_id, fileloc, spec_hash, is_paused, is_active, last_parsed_time)"
            + " VALUES ('dag_gone', 'f.py', 'h', false, false, now())");
        h.execute("INSERT INTO dag_run (dag_id, run_id, spec_hash, run_type, state, logical_date) VALUES"
            + " ('dag_0', 'older', 'h', 'manual', 'success', timestamptz '2024-01-01'),"
            + " ('dag_0', 'latest', 'h', 'manual', 'failed', timestamptz '2024-01-02'),"
            + " ('dag_0', 'oldest', 'h', 'manual', 'queued', timestamptz '2023-12-31'),"
            + " ('dag_2', 'only', 'h', 'manual', 'running', timestamptz '2024-01-01'),"
            + " ('dag_gone', 'x', 'h', 'manual', 'success', timestamptz '2024-01-01')");
      });
      DagStore store = new DagStore(db.jdbi());

      DagListing first = store.listPage(null, "", 0, 2);
      assertThat(first.all()).as("inactive DAGs are not listed").isEqualTo(5);
      assertThat(first.unpaused()).isEqualTo(3);
      assertThat(first.matching()).isEqualTo(5);
      assertThat(first.offset()).isZero();
      assertThat(first.importErrors()).isZero();
      assertThat(ids(first)).containsExactly("dag_0", "dag_1");
      DagListing.Entry dag0 = first.dags().getFirst();
      assertThat(dag0.lastRunId()).isEqualTo("latest");
      assertThat(dag0.lastState()).isEqualTo(RunState.FAILED);
      assertThat(dag0.lastLogicalDate()).isEqualTo(java.time.Instant.parse("2024-01-02T00:00:00Z"));
      assertThat(List.of(dag0.queued(), dag0.running(), dag0.success(), dag0.failed())).containsExactly(1, 0, 1, 1);
      DagListing.Entry dag1 = first.dags().get(1);
      assertThat(dag1.lastRunId()).as("no run yet").isNull();
      assertThat(dag1.lastState()).isNull();
      assertThat(dag1.paused()).isTrue();

      assertThat(ids(store.listPage(true, "", 0, 10))).containsExactly("dag_1", "dag_3");
      DagListing searched = store.listPage(false, "DAG_2", 0, 10);
      assertThat(ids(searched)).containsExactly("dag_2");
      assertThat(searched.matching()).isEqualTo(1);
      assertThat(searched.all()).as("the filters count every active DAG").isEqualTo(5);
      assertThat(searched.dags().getFirst().running()).isEqualTo(1);

      DagListing past = store.listPage(null, "", 100, 2);
      assertThat(past.offset()).as("past the end: the last page").isEqualTo(4);
      assertThat(ids(past)).containsExactly("dag_4");

      DagListing none = store.listPage(null, "nothing", 0, 2);
      assertThat(none.dags()).isEmpty();
      assertThat(none.matching()).isZero();
      assertThat(none.all()).isEqualTo(5);

      db.jdbi().useHandle(h -> h.execute("INSERT INTO import_error (filename, message, timestamp)"
          + " VALUES ('broken.py', 'SyntaxError', now())"));
      assertThat(store.listPage(null, "", 0, 2).importErrors()).as("the banner's count").isEqualTo(1);
    }
  }

  private static List<String> ids(DagListing listing) {
    return listing.dags().stream().map(DagListing.Entry::dagId).toList();
  }
}
