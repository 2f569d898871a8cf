-- Deferrable operators (Airflow's trigger table). A deferred task instance points at one trigger; a daemon's
-- triggerer claims unclaimed triggers (or those whose owner's lease ran out) with SKIP LOCKED and renews its lease
-- while it waits on them, so a trigger is watched by one daemon at a time and survives a restart. Firing deletes
-- the trigger (guarded by its owner) and moves the instance back to scheduled in one transaction: fired once.
CREATE TABLE trigger (
    id           BIGSERIAL PRIMARY KEY,
    -- Airflow's classpath of the trigger, e.g. airflow.triggers.temporal.DateTimeTrigger
    classpath    TEXT NOT NULL,
    kwargs       JSONB NOT NULL DEFAULT '{}',
    created_date TIMESTAMPTZ NOT NULL,
    triggerer_id TEXT,
    lease_until  TIMESTAMPTZ
);
CREATE INDEX trigger_triggerer ON trigger (triggerer_id);

ALTER TABLE task_instance
    ADD COLUMN trigger_id      BIGINT REFERENCES trigger (id) ON DELETE SET NULL,
    -- the method the resumed try calls and its keyword arguments (the trigger's event under "event")
    ADD COLUMN next_method     TEXT,
    ADD COLUMN next_kwargs     JSONB,
    -- when a deferred instance fails with TaskDeferralTimeout
    ADD COLUMN trigger_timeout TIMESTAMPTZ;
CREATE INDEX task_instance_trigger ON task_instance (trigger_id) WHERE trigger_id IS NOT NULL;
CREATE INDEX task_instance_trigger_timeout ON task_instance (trigger_timeout) WHERE state = 'deferred';
