-- GraphGrid's model metadata registry, in the plugin's own schema (plugin_graphgrid): one row per saved model,
-- written by the nlp_model_training DAG's update_model_metadata_registry task and read by `aloft models list`,
-- /api/v1/models and the Models page.
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

-- Aloft 0.1 kept this table among the engine's (its migration V3). Its rows move here once; the engine's copy goes.
DO $$
BEGIN
  IF to_regclass('public.model_registry') IS NOT NULL THEN
    INSERT INTO model_registry (saved_model_name, model, datasets, dag_id, run_id, metrics, device, training_seconds,
                                artifact_path, created_at)
      SELECT saved_model_name, model, datasets, dag_id, run_id, metrics, device, training_seconds, artifact_path,
             created_at
        FROM public.model_registry ORDER BY id;
    DROP TABLE public.model_registry;
  END IF;
END $$;
