-- Data-aware scheduling (Airflow's datasets/assets). A dataset row exists once a DAG names it or an event
-- announces it; events are kept (history, REST); the queue holds, per consumer DAG, the events it has not yet
-- consumed: a consumer's run deletes its queue rows in the transaction that creates the run.
CREATE TABLE dataset (
    id          BIGSERIAL PRIMARY KEY,
    uri         TEXT NOT NULL UNIQUE,
    extra       JSONB NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE dataset_event (
    id               BIGSERIAL PRIMARY KEY,
    dataset_id       BIGINT NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    extra            JSONB NOT NULL DEFAULT '{}',
    source_dag_id    TEXT,
    source_task_id   TEXT,
    source_run_id    TEXT,
    source_map_index INTEGER NOT NULL DEFAULT -1,
    timestamp        TIMESTAMPTZ NOT NULL
);
CREATE INDEX dataset_event_dataset ON dataset_event (dataset_id, timestamp);

CREATE TABLE dataset_queue (
    target_dag_id TEXT NOT NULL,
    event_id      BIGINT NOT NULL REFERENCES dataset_event (id) ON DELETE CASCADE,
    dataset_id    BIGINT NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (target_dag_id, event_id)
);

-- The events that made a dataset-triggered run (its triggering_dataset_events).
CREATE TABLE dag_run_dataset_event (
    dag_run_id BIGINT NOT NULL REFERENCES dag_run (id) ON DELETE CASCADE,
    event_id   BIGINT NOT NULL REFERENCES dataset_event (id) ON DELETE CASCADE,
    PRIMARY KEY (dag_run_id, event_id)
);
