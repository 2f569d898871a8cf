"""Airflow's ``PostgresHook`` for Python tasks, on Aloft's pure-Python PostgreSQL client (GraalPy cannot load
psycopg2): ``get_conn`` gives a DB-API connection from the connection's host, port, login, password and ``schema``
(the database), with TLS by the extras ``sslmode`` (``require``, ``verify-ca``, ``verify-full``), ``sslrootcert``,
``sslcert`` and ``sslkey``, and ``DbApiHook``'s ``run``, ``get_records``, ``get_first`` and ``insert_rows`` work
over it, and so do ``copy_expert``, ``bulk_load`` and ``bulk_dump`` (the COPY protocol)."""

from airflow.providers.common.sql.hooks.sql import DbApiHook
from airflow.providers.postgres.hooks import _pgwire
from airflow.sdk._exceptions import AirflowException


class PostgresHook(DbApiHook):
    conn_name_attr = "postgres_conn_id"
    default_conn_name = "postgres_default"
    conn_type = "postgres"
    hook_name = "Postgres"

    def __init__(self, *args, options=None, enable_log_db_messages=False, **kwargs):
        if "database" in kwargs and "schema" not in kwargs:
            kwargs["schema"] = kwargs.pop("database")
        else:
            kwargs.pop("database", None)
        super().__init__(*args, **kwargs)

    @property
    def database(self):
        return self.schema

    def get_conn(self):
        conn = self.get_connection(self.get_conn_id())
        if (conn.conn_type or "postgres") not in ("postgres", "postgresql"):
            raise AirflowException("connection %r has type %r: PostgresHook needs type postgres"
                                   % (conn.conn_id, conn.conn_type))
        extra = conn.extra_dejson or {}
        # libpq's default "prefer" (and "allow") connect without TLS here: the client does not try TLS first.
        sslmode = str(extra.get("sslmode", "prefer"))
        return _pgwire.Connection(conn.host or "localhost", conn.port or 5432, conn.login, conn.password,
                                  self.schema or conn.schema, connect_timeout=int(extra.get("connect_timeout", 30)),
                                  sslmode=sslmode, sslrootcert=extra.get("sslrootcert"),
                                  sslcert=extra.get("sslcert"), sslkey=extra.get("sslkey"))

    def get_uri(self):
        return self.get_connection(self.get_conn_id()).get_uri()

    def copy_expert(self, sql, filename):
        """Runs ``COPY ... FROM STDIN`` from the file or ``COPY ... TO STDOUT`` into it (created when missing and cut
        to what was written), then commits, as Airflow's hook does."""
        import os

        if not os.path.isfile(filename):
            with open(filename, "w"):
                pass
        conn = self.get_conn()
        try:
            with open(filename, "r+") as file:
                conn.cursor().copy_expert(sql, file)
                file.truncate(file.tell())
            conn.commit()
        finally:
            conn.close()

    def bulk_load(self, table, tmp_file):
        """Loads a tab-delimited file into a table."""
        self.copy_expert(f"COPY {table} FROM STDIN", tmp_file)

    def bulk_dump(self, table, tmp_file):
        """Dumps a table into a tab-delimited file."""
        self.copy_expert(f"COPY {table} TO STDOUT", tmp_file)
