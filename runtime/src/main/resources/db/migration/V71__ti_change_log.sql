-- Which runs' task instances changed, and in which transaction (issue 18): the scheduler's pass reads again only the
-- instances of the runs named here since its last pass, instead of every instance of every running run. A trigger
-- writes it, so a change by any process (a worker, the API, another daemon, psql) is seen; the pass reads the rows
-- whose transaction was not yet finished at its last read (pg_snapshot_xmin), so a change that committed late is
-- not missed, and deletes the ones every pass has seen. One row per statement and run, not per instance.
CREATE TABLE ti_change (
    xid    xid8 NOT NULL DEFAULT pg_current_xact_id(),
    dag_id TEXT NOT NULL,
    run_id TEXT NOT NULL
);
CREATE INDEX ti_change_xid ON ti_change (xid);

-- Numbers the deciding passes of all daemons: a daemon whose last pass is not the one before its next one (another
-- daemon decided in between, and deleted change rows it had not read) reads every instance again.
CREATE SEQUENCE scheduler_pass;

CREATE FUNCTION ti_change_from_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ti_change (dag_id, run_id) SELECT DISTINCT dag_id, run_id FROM changed_rows;
    RETURN NULL;
END $$;

CREATE TRIGGER ti_change_insert AFTER INSERT ON task_instance
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ti_change_from_new();
CREATE TRIGGER ti_change_update AFTER UPDATE ON task_instance
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ti_change_from_new();
CREATE TRIGGER ti_change_delete AFTER DELETE ON task_instance
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ti_change_from_new();
