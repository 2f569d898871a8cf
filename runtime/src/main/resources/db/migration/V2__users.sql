-- Users of the web UI and REST API, and UI login sessions.

CREATE TABLE web_user (
    username         TEXT PRIMARY KEY,
    password_hash    TEXT NOT NULL,
    -- true while the password is the well-known default ("airflow"); the UI warns until it changes
    default_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMPTZ NOT NULL
);

-- A session is found by the SHA-256 of its cookie value: a leaked table does not hand out live cookies.
CREATE TABLE web_session (
    token_hash  TEXT PRIMARY KEY,
    username    TEXT NOT NULL REFERENCES web_user (username) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX web_session_expires ON web_session (expires_at);

-- The UI's grid and the API list a run's task instances and a DAG's latest runs; the primary keys already
-- cover (dag_id, run_id, ...). This one serves "the last runs per DAG" on the DAG list.
CREATE INDEX dag_run_dag_state ON dag_run (dag_id, state);
