"""Airflow's ``DbApiHook`` for Python tasks: ``run``, ``get_records``, ``get_first``, ``insert_rows`` over a DB-API
connection from the subclass's ``get_conn()`` (``PostgresHook``'s is Aloft's pure-Python PostgreSQL client)."""

from airflow.providers.common.sql.hooks.handlers import (  # noqa: F401 (also imported from here, as in Airflow)
    fetch_all_handler, fetch_one_handler, return_single_query_results)
from airflow.sdk._connection import BaseHook
from airflow.sdk._exceptions import AirflowException


def _split(sql):
    """Statements of a script, as ``split_statements=True`` cuts them (top-level semicolons)."""
    out, current, quote, i = [], [], None, 0
    while i < len(sql):
        c = sql[i]
        if quote:
            current.append(c)
            if c == quote:
                quote = None
        elif c in ("'", '"'):
            quote = c
            current.append(c)
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = len(sql) if end < 0 else end
            current.append(sql[i:end])
            i = end
            continue
        elif c == ";":
            out.append("".join(current).strip())
            current = []
        else:
            current.append(c)
        i += 1
    out.append("".join(current).strip())
    return [s for s in out if s and not all(line.strip().startswith("--") or not line.strip() for line in s.splitlines())]


class DbApiHook(BaseHook):
    conn_name_attr = "conn_id"
    default_conn_name = "default_conn_id"
    supports_autocommit = True
    placeholder = "%s"

    def __init__(self, *args, schema=None, log_sql=True, **kwargs):
        super().__init__()
        if args:
            setattr(self, self.conn_name_attr, args[0])
        elif self.conn_name_attr not in kwargs:
            setattr(self, self.conn_name_attr, self.default_conn_name)
        else:
            setattr(self, self.conn_name_attr, kwargs[self.conn_name_attr])
        self.schema = schema
        self.log_sql = log_sql

    def get_conn_id(self):
        return getattr(self, self.conn_name_attr)

    def get_conn(self):
        raise NotImplementedError("%s does not implement get_conn()" % type(self).__name__)

    def get_autocommit(self, conn):
        return getattr(conn, "autocommit", False)

    def set_autocommit(self, conn, autocommit):
        conn.autocommit = autocommit

    def run(self, sql, autocommit=False, parameters=None, handler=None, split_statements=False, return_last=True):
        """Runs one statement or several; with a handler, answers its result (the last one's, or a list)."""
        if isinstance(sql, str):
            statements = _split(sql) if split_statements else [sql]
        else:
            statements = list(sql)
        if not statements:
            raise ValueError("List of SQL statements is empty")
        results = []
        conn = self.get_conn()
        try:
            self.set_autocommit(conn, autocommit)
            cursor = conn.cursor()
            for statement in statements:
                if self.log_sql:
                    self.log.info("Running statement: %s, parameters: %s", statement, parameters)
                cursor.execute(statement, parameters)
                if cursor.rowcount >= 0 and cursor.description is None:
                    self.log.info("Rows affected: %s", cursor.rowcount)
                if handler is not None:
                    results.append(handler(cursor))
            if not self.get_autocommit(conn):
                conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()
        if handler is None:
            return None
        if return_single_query_results(sql, return_last, split_statements):
            return results[-1]
        return results

    def get_records(self, sql, parameters=None):
        return self.run(sql=sql, parameters=parameters, handler=fetch_all_handler)

    def get_first(self, sql, parameters=None):
        return self.run(sql=sql, parameters=parameters, handler=lambda cursor: cursor.fetchone())

    def insert_rows(self, table, rows, target_fields=None, commit_every=1000, replace=False, **kwargs):
        """Inserts rows (sequences of values), committing every ``commit_every`` rows."""
        if replace:
            raise AirflowException("insert_rows(replace=True) needs the table's key: use "
                                   "run('INSERT ... ON CONFLICT ...') instead")
        columns = "(%s) " % ", ".join(target_fields) if target_fields else ""
        conn = self.get_conn()
        count = 0
        try:
            cursor = conn.cursor()
            for row in rows:
                values = ", ".join([self.placeholder] * len(row))
                cursor.execute("INSERT INTO %s %sVALUES (%s)" % (table, columns, values), tuple(row))
                count += 1
                if commit_every and count % commit_every == 0:
                    conn.commit()
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()
        self.log.info("Done loading. Loaded a total of %s rows into %s", count, table)

    def get_pandas_df(self, sql, parameters=None, **kwargs):
        raise AirflowException("get_pandas_df: pandas is a C extension that GraalPy cannot load; use get_records, or "
                               "a @task.virtualenv with pandas and psycopg2")

    def test_connection(self):
        try:
            self.get_first("SELECT 1")
            return True, "Connection successfully tested"
        except Exception as e:
            return False, str(e)
