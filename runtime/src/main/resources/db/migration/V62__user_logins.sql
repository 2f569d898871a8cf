-- When each user last logged in to the UI and how often, as Airflow's (Flask-AppBuilder's) ab_user records it for the
-- users API: a successful login sets last_login, counts up login_count and resets failed_login_count; a wrong
-- password counts up failed_login_count.
ALTER TABLE web_user
    ADD COLUMN last_login         TIMESTAMPTZ,
    ADD COLUMN login_count        INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN failed_login_count INTEGER NOT NULL DEFAULT 0;
