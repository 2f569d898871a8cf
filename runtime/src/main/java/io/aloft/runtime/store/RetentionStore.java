package io.aloft.runtime.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Old history for {@code aloft db clean} and the daemon's retention: what is older than a cut-off, counted or
 * deleted. A run counts by its start (its logical date when it never started); runs still queued or running are
 * never touched, and the latest scheduled run of each DAG stays (as Airflow's {@code keep_last}), since the
 * scheduler's catch-up starts after it. Deleting a run deletes its task instances, tries and XCom through the
 * foreign keys; notes are columns of those rows. Thread-safe (every call is its own transaction).
 */
public final class RetentionStore {

  /** What a clean can touch, named after the tables it deletes from (the run's rows go with {@link #DAG_RUN}). */
  public static final String DAG_RUN = "dag_run";
  public static final String XCOM = "xcom";
  public static final String LOG = "log";
  public static final List<String> TABLES = List.of(DAG_RUN, XCOM, LOG);

  /** One run to delete; its log files go with it. */
  public record RunKey(String dagId, String runId) {}

  /** Rows per table (and the runs whose log folders go), counted or deleted. */
  public record Purge(Map<String, Long> rows, List<RunKey> runs) {}

  private static final String OLD_RUNS =
      """
      SELECT r.dag_id, r.run_id FROM dag_run r
      WHERE COALESCE(r.start_date, r.logical_date) < :before AND r.state NOT IN ('queued', 'running')
        AND r.id NOT IN (SELECT DISTINCT ON (dag_id) id FROM dag_run WHERE run_type = 'scheduled'
                         ORDER BY dag_id, logical_date DESC)
      """;

  private final Jdbi jdbi;

  public RetentionStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Counts what {@link #delete} would remove, without removing anything. */
  public Purge count(Instant before, List<String> tables) {
    return jdbi.inTransaction(h -> run(h, before, tables, false));
  }

  /** Deletes history older than {@code before} from {@code tables}, in one transaction; returns what went. */
  public Purge delete(Instant before, List<String> tables) {
    return jdbi.inTransaction(h -> run(h, before, tables, true));
  }

  private static Purge run(Handle h, Instant before, List<String> tables, boolean delete) {
    Map<String, Long> rows = new LinkedHashMap<>();
    List<RunKey> runs = List.of();
    if (tables.contains(DAG_RUN)) {
      h.execute("CREATE TEMP TABLE clean_runs ON COMMIT DROP AS " + OLD_RUNS.replace(":before", "?"), before);
      runs = h.createQuery("SELECT dag_id, run_id FROM clean_runs ORDER BY dag_id, run_id")
          .map((rs, ctx) -> new RunKey(rs.getString(1), rs.getString(2))).list();
      for (String child : List.of("task_instance", "task_try", "xcom")) {
        rows.put(child, count(h, "SELECT count(*) FROM " + child + " c JOIN clean_runs o USING (dag_id, run_id)"));
      }
      rows.put(DAG_RUN, (long) runs.size());
      if (delete) {
        // the children go through ON DELETE CASCADE
        h.execute("DELETE FROM dag_run r USING clean_runs o WHERE r.dag_id = o.dag_id AND r.run_id = o.run_id");
      }
    }
    if (tables.contains(XCOM)) {
      // XCom of kept runs that is itself older than the cut-off, except in active runs (their tasks still pull it);
      // a dry run leaves out what the old runs' count above already holds
      String where = "x.timestamp < :before AND NOT EXISTS (SELECT 1 FROM dag_run a WHERE a.dag_id = x.dag_id"
          + " AND a.run_id = x.run_id AND a.state IN ('queued', 'running'))" + (tables.contains(DAG_RUN) && !delete
          ? " AND NOT EXISTS (SELECT 1 FROM clean_runs o WHERE o.dag_id = x.dag_id AND o.run_id = x.run_id)" : "");
      long n = delete
          ? h.createUpdate("DELETE FROM xcom x WHERE " + where).bind("before", before).execute()
          : h.createQuery("SELECT count(*) FROM xcom x WHERE " + where).bind("before", before).mapTo(Long.class).one();
      rows.merge(XCOM, n, Long::sum);
    }
    if (tables.contains(LOG)) {
      rows.put(LOG, delete
          ? h.createUpdate("DELETE FROM log WHERE dttm < :before").bind("before", before).execute()
          : h.createQuery("SELECT count(*) FROM log WHERE dttm < :before").bind("before", before)
              .mapTo(Long.class).one());
    }
    return new Purge(rows, runs);
  }

  private static long count(Handle h, String sql) {
    return h.createQuery(sql).mapTo(Long.class).one();
  }
}
