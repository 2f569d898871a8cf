-- The index for one task's instances across runs (sensors watching a task, depends_on_past) led with dag_id, so it also
-- served "this run's instances" (dag_id, run_id): with no statistics yet (a new store, or thousands of instances
-- created since autovacuum last analysed the table) the planner took it over the primary key and read every instance
-- of the DAG for each run. The scheduler's change read did that for each run it read: 20 rows wanted, 3,260 read, at
-- 200 active runs 40-350 ms a pass (auto_explain during `scripts/bench scale runs`). Led by task_id it cannot serve a
-- run's instances, and still serves (dag_id, task_id).
CREATE INDEX task_instance_task_dag ON task_instance (task_id, dag_id);
DROP INDEX task_instance_dag_task;
