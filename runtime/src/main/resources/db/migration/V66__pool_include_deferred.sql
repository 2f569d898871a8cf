-- Airflow 2.7's pool flag include_deferred: when set, deferred task instances count against the pool's slots
-- (they hold none by default, which lets thousands of deferred sensors wait on a pool of a few slots).
ALTER TABLE pool ADD COLUMN include_deferred BOOLEAN NOT NULL DEFAULT FALSE;
