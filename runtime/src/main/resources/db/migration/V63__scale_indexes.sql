-- Indexes from the EXPLAIN review on a store of 100,000 runs and 1,000,000 task instances (issue 18,
-- `scripts/bench scale store --explain`).
--
-- The grid, the DAG list's latest run and the API's run lists order a DAG's runs by (logical_date DESC, id DESC):
-- the old (dag_id, logical_date DESC) index left an incremental sort on top, which paging 5,000 runs back in the grid
-- paid for every row it skipped. This one gives the order itself.
CREATE INDEX dag_run_dag_date_id ON dag_run (dag_id, logical_date DESC, id DESC);
DROP INDEX dag_run_dag_date;

-- GET /api/v1/dags/{dag_id}/dagRuns orders by id by default: without it, a DAG's 10,000 runs were all read and sorted
-- to answer the first 100.
CREATE INDEX dag_run_dag_id_id ON dag_run (dag_id, id);
