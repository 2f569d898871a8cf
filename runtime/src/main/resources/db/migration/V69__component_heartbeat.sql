-- The heartbeats of the parts that run no tries (a scheduler's loop, its triggerer), per process: a web server on
-- another process reads the latest one for /health, as Airflow's reads its job table. A few rows, rewritten every
-- few seconds; rows of processes gone for a day are deleted by the schedulers.
CREATE TABLE component_heartbeat (
    component    TEXT NOT NULL, -- scheduler, triggerer
    id           TEXT NOT NULL, -- the process, host:pid
    heartbeat_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (component, id)
);
