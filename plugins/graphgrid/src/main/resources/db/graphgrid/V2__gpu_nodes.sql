-- GPU admission across machines (issue 19), in the plugin's own schema (plugin_graphgrid).
--
-- gpu_node: each machine's latest GPU reading, written by the GraphGrid tasks that run there (the preflight, and
-- the training task while its session runs) and read by the preflight wherever it runs.
CREATE TABLE gpu_node (
    node        TEXT PRIMARY KEY,
    probe       TEXT NOT NULL,          -- what read it, e.g. nvidia-smi or simulated 1x24576 MiB
    snapshot    JSONB NOT NULL,         -- devices (index, name, uuid, total/used/free MiB, driver) and processes
    read_at     TIMESTAMPTZ NOT NULL
);

-- gpu_reservation: what each admitted GPU session holds and where: the node and device it was admitted on, its
-- memory, and its container (or simulated owner) once known. One row per run; the training task moves it to the
-- node that really runs the container before starting it, and deletes it when the session ends.
CREATE TABLE gpu_reservation (
    dag_id      TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    node        TEXT NOT NULL,
    device      INTEGER NOT NULL,
    mib         BIGINT NOT NULL CHECK (mib > 0),
    container   TEXT,
    reserved_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dag_id, run_id)
);
CREATE INDEX gpu_reservation_node ON gpu_reservation (node);
