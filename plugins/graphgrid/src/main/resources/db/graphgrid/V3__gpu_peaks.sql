-- Learned GPU memory peaks shared by every machine (issue 19), in the plugin's own schema (plugin_graphgrid).
--
-- Each finished GPU training session's highest reading (or the reservation it overran, oom) per model. Before this
-- table the samples lived in <home>/graphgrid/gpu-peaks.json on each machine, so a peak measured by a worker's
-- training never reached a preflight on another machine. The first GraphGrid task that opens the table imports that
-- file (the unique key makes the import idempotent: the same sample is never stored twice).
--
-- gpu: 'real' for readings of nvidia-smi, 'simulated' for the simulated GPU (ALOFT_GPU=simulated), kept apart so
-- that simulated sessions never teach the estimates of a real GPU.
CREATE TABLE gpu_peak (
    id            BIGSERIAL PRIMARY KEY,
    gpu           TEXT NOT NULL CHECK (gpu IN ('real', 'simulated')),
    model         TEXT NOT NULL,
    dataset_bytes BIGINT NOT NULL CHECK (dataset_bytes >= 0),
    peak_mib      BIGINT NOT NULL CHECK (peak_mib >= 0),
    oom           BOOLEAN NOT NULL,
    ended_at      TIMESTAMPTZ NOT NULL,
    node          TEXT NOT NULL,          -- where the session ran ('import' plus the file for imported samples)
    UNIQUE (gpu, model, ended_at, peak_mib, dataset_bytes, oom)
);
CREATE INDEX gpu_peak_model ON gpu_peak (gpu, model, ended_at);
