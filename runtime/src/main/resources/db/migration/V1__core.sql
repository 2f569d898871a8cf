-- Aloft core schema. Shipped migrations are never edited: add a new numbered file instead.

CREATE TABLE dag (
    dag_id              TEXT PRIMARY KEY,
    fileloc             TEXT NOT NULL,
    spec_hash           TEXT NOT NULL,
    is_paused           BOOLEAN NOT NULL,
    is_active           BOOLEAN NOT NULL DEFAULT TRUE,
    last_parsed_time    TIMESTAMPTZ NOT NULL,
    next_dagrun         TIMESTAMPTZ,
    next_dagrun_data_interval_start TIMESTAMPTZ,
    next_dagrun_data_interval_end   TIMESTAMPTZ
);

-- Every version of a DAG that was ever parsed, by content hash: runs keep the version they started with.
CREATE TABLE dag_version (
    dag_id      TEXT NOT NULL,
    spec_hash   TEXT NOT NULL,
    spec        JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dag_id, spec_hash)
);

CREATE TABLE dag_code (
    fileloc     TEXT PRIMARY KEY,
    file_hash   TEXT NOT NULL,
    source      TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE import_error (
    id          BIGSERIAL PRIMARY KEY,
    filename    TEXT NOT NULL UNIQUE,
    lineno      INTEGER,
    message     TEXT NOT NULL,
    stacktrace  TEXT,
    timestamp   TIMESTAMPTZ NOT NULL
);

CREATE TABLE dag_run (
    id                  BIGSERIAL PRIMARY KEY,
    dag_id              TEXT NOT NULL,
    run_id              TEXT NOT NULL,
    spec_hash           TEXT NOT NULL,
    run_type            TEXT NOT NULL,
    state               TEXT NOT NULL,
    logical_date        TIMESTAMPTZ NOT NULL,
    data_interval_start TIMESTAMPTZ,
    data_interval_end   TIMESTAMPTZ,
    queued_at           TIMESTAMPTZ,
    start_date          TIMESTAMPTZ,
    end_date            TIMESTAMPTZ,
    conf                JSONB NOT NULL DEFAULT '{}',
    external_trigger    BOOLEAN NOT NULL DEFAULT TRUE,
    note                TEXT,
    UNIQUE (dag_id, run_id)
);
CREATE INDEX dag_run_state ON dag_run (state) WHERE state IN ('queued', 'running');
CREATE INDEX dag_run_dag_date ON dag_run (dag_id, logical_date DESC);

CREATE TABLE task_instance (
    dag_id          TEXT NOT NULL,
    run_id          TEXT NOT NULL,
    task_id         TEXT NOT NULL,
    map_index       INTEGER NOT NULL DEFAULT -1,
    state           TEXT NOT NULL DEFAULT 'none',
    try_number      INTEGER NOT NULL DEFAULT 0,
    max_tries       INTEGER NOT NULL DEFAULT 0,
    operator        TEXT,
    pool            TEXT NOT NULL DEFAULT 'default_pool',
    pool_slots      INTEGER NOT NULL DEFAULT 1,
    priority_weight INTEGER NOT NULL DEFAULT 1,
    queued_dttm     TIMESTAMPTZ,
    start_date      TIMESTAMPTZ,
    end_date        TIMESTAMPTZ,
    duration        DOUBLE PRECISION,
    -- first start of the first try: a sensor's timeout counts from here, retries do not reset it
    first_start     TIMESTAMPTZ,
    -- when an up_for_retry / up_for_reschedule instance may run again
    next_attempt_at TIMESTAMPTZ,
    -- the next claim continues the current try (a rescheduled sensor, a try re-attached after a restart)
    resume_try      BOOLEAN NOT NULL DEFAULT FALSE,
    -- unsatisfied pokes of a reschedule-mode sensor so far (for exponential backoff)
    poke_count      INTEGER NOT NULL DEFAULT 0,
    hostname        TEXT,
    heartbeat_at    TIMESTAMPTZ,
    -- why the instance waits or what went wrong, shown to the user (e.g. a missing pool)
    note            TEXT,
    rendered_fields JSONB,
    PRIMARY KEY (dag_id, run_id, task_id, map_index),
    FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
);
CREATE INDEX task_instance_state ON task_instance (state);
CREATE INDEX task_instance_dag_task ON task_instance (dag_id, task_id);

-- One row per finished or running try, for history and logs.
CREATE TABLE task_try (
    dag_id      TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    task_id     TEXT NOT NULL,
    map_index   INTEGER NOT NULL DEFAULT -1,
    try_number  INTEGER NOT NULL,
    state       TEXT NOT NULL,
    start_date  TIMESTAMPTZ,
    end_date    TIMESTAMPTZ,
    hostname    TEXT,
    PRIMARY KEY (dag_id, run_id, task_id, map_index, try_number),
    FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
);

CREATE TABLE xcom (
    dag_id      TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    task_id     TEXT NOT NULL,
    map_index   INTEGER NOT NULL DEFAULT -1,
    key         TEXT NOT NULL,
    value       JSONB,
    timestamp   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dag_id, run_id, task_id, map_index, key),
    FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
);

CREATE TABLE pool (
    name        TEXT PRIMARY KEY,
    slots       INTEGER NOT NULL CHECK (slots >= 0),
    description TEXT
);
INSERT INTO pool (name, slots, description) VALUES ('default_pool', 128, 'Default pool');

CREATE TABLE variable (
    key         TEXT PRIMARY KEY,
    val         TEXT,
    description TEXT
);

CREATE TABLE connection (
    conn_id     TEXT PRIMARY KEY,
    conn_type   TEXT NOT NULL,
    description TEXT,
    host        TEXT,
    schema      TEXT,
    login       TEXT,
    password    TEXT,
    port        INTEGER,
    extra       TEXT
);
INSERT INTO connection (conn_id, conn_type, extra) VALUES ('fs_default', 'fs', '{"path": "/"}');
