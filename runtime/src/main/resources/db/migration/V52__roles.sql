-- The role model (Admin, Op, User, Viewer as in Airflow) and the user fields Airflow's /users API shows.
-- Users that existed before roles keep every right they had: they become Admin.

ALTER TABLE web_user
    ADD COLUMN role       TEXT NOT NULL DEFAULT 'Admin',
    ADD COLUMN first_name TEXT NOT NULL DEFAULT '',
    ADD COLUMN last_name  TEXT NOT NULL DEFAULT '',
    ADD COLUMN email      TEXT NOT NULL DEFAULT '',
    -- an inactive user cannot log in (Airflow's "active"); its row and audit trail stay
    ADD COLUMN active     BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN changed_at TIMESTAMPTZ;

-- Roles made through the API; the four fixed roles live in code (app.Role) and are never stored here.
-- permissions: a JSON array of {"action": "can_read", "resource": "DAGs"}.
CREATE TABLE web_role (
    name        TEXT PRIMARY KEY,
    permissions JSONB NOT NULL
);

-- PUT /api/v1/parseDagFile asks the daemon owning the DAG folder to parse a file again even if it did not change;
-- its next pass takes (deletes) the request.
CREATE TABLE dag_parse_request (
    fileloc      TEXT PRIMARY KEY,
    requested_at TIMESTAMPTZ NOT NULL
);
