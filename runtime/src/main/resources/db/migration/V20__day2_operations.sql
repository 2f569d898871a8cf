-- Day-2 operations (issue 14). Numbered apart from other branches' migrations so that merges never collide.

-- The audit log, shaped like Airflow's `log` table: who did what, when, to which DAG/run/task, and from where.
CREATE TABLE log (
    id          BIGSERIAL PRIMARY KEY,
    dttm        TIMESTAMPTZ NOT NULL,
    event       TEXT NOT NULL,
    dag_id      TEXT,
    task_id     TEXT,
    run_id      TEXT,
    map_index   INTEGER,
    try_number  INTEGER,
    owner       TEXT,
    address     TEXT,
    extra       TEXT
);
CREATE INDEX log_dttm ON log (dttm DESC);
CREATE INDEX log_dag ON log (dag_id, dttm DESC);

-- A user's note on a run or a task instance (Airflow's `note`); the existing `note` columns keep the scheduler's
-- own explanations (why an instance waits, why a run ended), which the user's note must not overwrite.
ALTER TABLE dag_run ADD COLUMN user_note TEXT;
ALTER TABLE task_instance ADD COLUMN user_note TEXT;
-- How often a run was cleared (Airflow's clear_number).
ALTER TABLE dag_run ADD COLUMN clear_number INTEGER NOT NULL DEFAULT 0;
