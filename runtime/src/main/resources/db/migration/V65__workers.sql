-- Several processes on one database: schedulers, web servers and workers (`aloft worker`), each possibly on its own
-- machine. A task instance names the queue whose workers may run it (Airflow's `queue=`); a worker claims only
-- queued instances of its queues.
ALTER TABLE task_instance ADD COLUMN queue TEXT NOT NULL DEFAULT 'default';

-- Every process that runs tries registers here and heart-beats every few seconds; a scheduler ends (retries or
-- resumes) the running tries of a worker whose heartbeat stopped. id is the process's hostname as tries record it
-- (host:pid). queues NULL: every queue (a standalone daemon).
CREATE TABLE worker (
    id           TEXT PRIMARY KEY,
    hostname     TEXT NOT NULL,
    pid          BIGINT NOT NULL,
    queues       TEXT,
    concurrency  INT NOT NULL,
    slots_in_use INT NOT NULL DEFAULT 0,
    started_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL,
    -- running, stopped (it said goodbye), lost (its heartbeat stopped; its tries were ended or resumed)
    state        TEXT NOT NULL
);
CREATE INDEX worker_heartbeat ON worker (heartbeat_at) WHERE state = 'running';
-- a worker's log shipper asks for the tries it ran lately
CREATE INDEX task_try_hostname ON task_try (hostname, start_date);

-- The log of a try that ran on a worker, shipped in chunks while it runs: the web server and the CLI of another
-- machine read it here when they have no file of their own. Deleted with the task instance (db clean, retention).
CREATE TABLE task_log_chunk (
    dag_id      TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    task_id     TEXT NOT NULL,
    map_index   INT NOT NULL,
    try_number  INT NOT NULL,
    byte_offset BIGINT NOT NULL,
    content     BYTEA NOT NULL,
    PRIMARY KEY (dag_id, run_id, task_id, map_index, try_number, byte_offset),
    FOREIGN KEY (dag_id, run_id, task_id, map_index)
        REFERENCES task_instance (dag_id, run_id, task_id, map_index) ON DELETE CASCADE ON UPDATE CASCADE
);
