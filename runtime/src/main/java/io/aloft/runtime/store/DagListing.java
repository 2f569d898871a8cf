package io.aloft.runtime.store;

import io.aloft.runtime.model.RunState;
import java.time.Instant;
import java.util.List;

/**
 * One page of the DAG list as {@link DagStore#listPage} reads it in one statement: the page's DAGs with their latest
 * run and run counts, and the counts of the list's filters.
 *
 * @param all active DAGs
 * @param unpaused active DAGs not paused
 * @param matching active DAGs that match the status filter and the search (the pager's total)
 * @param importErrors files that failed to load (the page reads them only when there are some)
 * @param offset where the page starts among the matching DAGs (moved back to the last page when asked past it)
 * @param dags the page, ordered by DAG id
 */
public record DagListing(int all, int unpaused, int matching, int importErrors, int offset, List<Entry> dags) {

  public DagListing {
    dags = List.copyOf(dags);
  }

  /**
   * A DAG of the page: what the list shows of it (its spec, by {@code specHash}, gives the rest).
   *
   * @param lastRunId its latest run by logical date, or null before its first run (then {@code lastLogicalDate} and
   *     {@code lastState} are null too)
   * @param queued its runs in each state the list shows
   */
  public record Entry(String dagId, String specHash, boolean paused, Instant nextDagrun, String lastRunId,
      Instant lastLogicalDate, RunState lastState, int queued, int running, int success, int failed) {}
}
