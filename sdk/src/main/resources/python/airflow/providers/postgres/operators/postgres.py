"""Airflow's deprecated ``PostgresOperator``: ``SQLExecuteQueryOperator`` with ``postgres_conn_id``, run in Java."""

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator


class PostgresOperator(SQLExecuteQueryOperator):
    template_fields_renderers = {"sql": "postgresql"}
    ui_color = "#ededed"
    _aloft_java_operator = "PostgresOperator"

    def __init__(self, *, postgres_conn_id="postgres_default", database=None, runtime_parameters=None, **kwargs):
        kwargs.pop("conn_id", None)  # a conn_id from default_args: postgres_conn_id names the connection here
        super().__init__(conn_id=postgres_conn_id, database=database, **kwargs)
        self.postgres_conn_id = postgres_conn_id
        self.runtime_parameters = runtime_parameters
