package io.aloft.runtime.bench;

import io.aloft.runtime.store.DagStore;
import io.aloft.runtime.store.Stores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints {@code EXPLAIN ANALYZE} of the queries behind the DAG list, the grid, a run's task instances and the
 * scheduler's pass, on a filled store ({@code scripts/bench scale store --explain}), and flags a sequential scan of a
 * big table: the review that decided the indexes of migration V63. The texts are those of the stores (keep them in
 * step when a store's query changes).
 */
final class Explain {

  private static final List<String> BIG = List.of("dag_run", "task_instance", "task_try", "xcom", "log");

  private Explain() {}

  static void print(Stores stores, String dagId, String runId, String bigDagId) {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("DAG list: a page of 100 DAGs with their latest run and run counts, and the filters' counts",
        DagStore.LIST_PAGE_SQL.replace(":paused", "NULL").replace(":needle", "''")
            .replace(":limit", "100").replace(":offset", "0"));
    queries.put("grid: latest 25 runs", "SELECT * FROM dag_run WHERE dag_id = '" + bigDagId
        + "' ORDER BY logical_date DESC, id DESC LIMIT 25 OFFSET 0");
    queries.put("grid: 25 runs 5,000 back", "SELECT * FROM dag_run WHERE dag_id = '" + bigDagId
        + "' ORDER BY logical_date DESC, id DESC LIMIT 25 OFFSET 5000");
    queries.put("grid: their cells", "SELECT run_id, task_id, map_index, state FROM task_instance WHERE dag_id = '"
        + bigDagId + "' AND run_id = ANY(ARRAY(SELECT run_id FROM dag_run WHERE dag_id = '" + bigDagId
        + "' ORDER BY logical_date DESC LIMIT 25))");
    queries.put("run page / API: a run's task instances", "SELECT * FROM task_instance WHERE dag_id = '" + dagId
        + "' AND run_id = '" + runId + "' ORDER BY task_id, map_index");
    queries.put("scheduler: any active run", "SELECT EXISTS (SELECT 1 FROM dag_run WHERE state IN ('queued', 'running'))");
    queries.put("scheduler: task instances of running runs",
        "SELECT ti.* FROM task_instance ti JOIN dag_run r ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id"
            + " WHERE r.state = 'running'");
    queries.put("executor: claim queued task instances",
        "SELECT dag_id, run_id, task_id, map_index FROM task_instance WHERE state = 'queued'"
            + " ORDER BY priority_weight DESC, queued_dttm LIMIT 32");
    queries.put("API: runs of a DAG, count", "SELECT count(*) FROM dag_run WHERE dag_id = '" + bigDagId + "'");
    stores.jdbi().useHandle(h -> queries.forEach((label, sql) -> {
      List<String> plan = h.createQuery("EXPLAIN (ANALYZE, COSTS OFF) " + sql).mapTo(String.class).list();
      boolean seq = plan.stream().anyMatch(l -> BIG.stream().anyMatch(t -> l.contains("Seq Scan on " + t + " ")
          || l.endsWith("Seq Scan on " + t)));
      System.out.println("   EXPLAIN " + label + (seq ? "   <-- sequential scan of a big table" : ""));
      plan.forEach(l -> System.out.println("     " + l));
    }));
  }
}
