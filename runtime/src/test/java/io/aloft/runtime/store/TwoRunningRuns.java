package io.aloft.runtime.store;

import java.util.List;

/**
 * The store that the scheduler pass's ITs start from ({@link ChangedRunsIT}, {@link PassWritesIT}, InstanceCacheIT): DAG
 * {@code d} with two running runs, {@code r1} and {@code r2} one second later, each with instances {@code a},
 * {@code b} and {@code c} (map index -1, state none).
 */
public final class TwoRunningRuns {

  private TwoRunningRuns() {}

  public static void seed(Database db) {
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
