-- GraphGrid's model metadata registry: one row per saved model, written by the nlp_model_training DAG's
-- update_model_metadata_registry task (graphgrid plugin) and read by `aloft models list`.

CREATE TABLE model_registry (
    id                  BIGSERIAL PRIMARY KEY,
    saved_model_name    TEXT NOT NULL UNIQUE,
    model               TEXT NOT NULL,
    datasets            JSONB NOT NULL DEFAULT '{}',
    dag_id              TEXT NOT NULL,
    run_id              TEXT NOT NULL,
    -- what eval_model measured: f1, precision, recall, per-label figures, accuracy, loss
    metrics             JSONB NOT NULL DEFAULT '{}',
    device              TEXT NOT NULL CHECK (device IN ('cpu', 'gpu')),
    training_seconds    DOUBLE PRECISION,
    artifact_path       TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX model_registry_model ON model_registry (model, created_at DESC);
