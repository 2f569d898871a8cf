"""Airflow's ``airflow.providers.common.sql.operators.sql``. These operators run in Java over JDBC (connection type
``postgres``, the bundled PostgreSQL driver): their ``__init__`` records the arguments, Aloft's executor runs them.
``handler`` may be Airflow's ``fetch_all_handler`` (the default) or ``fetch_one_handler``; another callable cannot
run in Java and is refused at parse time."""

from airflow.providers.common.sql.hooks import handlers as _handlers
from airflow.sdk._core import BaseOperator
from airflow.sdk._exceptions import AirflowException

_HANDLERS = {_handlers.fetch_all_handler: "fetch_all_handler", _handlers.fetch_one_handler: "fetch_one_handler"}


def _handler_name(handler):
    if handler is None or isinstance(handler, str):
        return handler
    name = _HANDLERS.get(handler)
    if name is None:
        raise AirflowException(
            "handler %r: Aloft runs SQL operators in Java and accepts only fetch_all_handler or fetch_one_handler; "
            "for other result handling, query with PostgresHook in a @task" % getattr(handler, "__name__", handler))
    return name


class BaseSQLOperator(BaseOperator):
    """What every SQL operator takes: the connection and the database to use in it."""

    def __init__(self, *, conn_id=None, database=None, hook_params=None, retry_on_failure=True, **kwargs):
        super().__init__(**kwargs)
        self.conn_id = conn_id
        self.database = database
        self.hook_params = hook_params or {}
        self.retry_on_failure = retry_on_failure


class SQLExecuteQueryOperator(BaseSQLOperator):
    template_fields = ("sql", "parameters", "conn_id", "database", "hook_params")
    template_ext = (".sql", ".json")
    template_fields_renderers = {"sql": "sql", "parameters": "json"}
    ui_color = "#cdaaed"
    _aloft_java_operator = "SQLExecuteQueryOperator"

    def __init__(self, *, sql, autocommit=False, parameters=None, handler=_handlers.fetch_all_handler,
                 output_processor=None, conn_id=None, database=None, split_statements=None, return_last=True,
                 show_return_value_in_logs=False, **kwargs):
        if output_processor is not None:
            raise AirflowException("output_processor: Aloft runs SQL operators in Java and cannot call it; process "
                                   "the XCom in a downstream @task instead")
        name = _handler_name(handler)
        # The name reaches Java in place of the function (a normalized keyword argument overrides the given one).
        super().__init__(conn_id=conn_id, database=database, handler=name, **kwargs)
        self.sql = sql
        self.autocommit = autocommit
        self.parameters = parameters
        self.handler = handler
        self.split_statements = split_statements
        self.return_last = return_last
        self.show_return_value_in_logs = show_return_value_in_logs


class SQLCheckOperator(BaseSQLOperator):
    template_fields = ("sql", "parameters")
    template_ext = (".hql", ".sql")
    ui_color = "#fff7e6"
    _aloft_java_operator = "SQLCheckOperator"

    def __init__(self, *, sql, conn_id=None, database=None, parameters=None, **kwargs):
        super().__init__(conn_id=conn_id, database=database, **kwargs)
        self.sql = sql
        self.parameters = parameters


class SQLValueCheckOperator(BaseSQLOperator):
    template_fields = ("sql", "pass_value")
    template_ext = (".hql", ".sql")
    ui_color = "#fff7e6"
    _aloft_java_operator = "SQLValueCheckOperator"

    def __init__(self, *, sql, pass_value, tolerance=None, conn_id=None, database=None, **kwargs):
        super().__init__(conn_id=conn_id, database=database, **kwargs)
        self.sql = sql
        self.pass_value = str(pass_value)
        tol = float(tolerance) if tolerance is not None else None
        self.tol = tol if tol is not None and tol > 0 else None
        self.has_tolerance = self.tol is not None


class SQLThresholdCheckOperator(BaseSQLOperator):
    template_fields = ("sql", "min_threshold", "max_threshold")
    template_ext = (".hql", ".sql")
    ui_color = "#fff7e6"
    _aloft_java_operator = "SQLThresholdCheckOperator"

    def __init__(self, *, sql, min_threshold, max_threshold, conn_id=None, database=None, **kwargs):
        super().__init__(conn_id=conn_id, database=database, **kwargs)
        self.sql = sql
        self.min_threshold = min_threshold
        self.max_threshold = max_threshold


class SQLColumnCheckOperator(BaseSQLOperator):
    template_fields = ("partition_clause", "table")
    template_fields_renderers = {"column_mapping": "json"}
    _aloft_java_operator = "SQLColumnCheckOperator"

    def __init__(self, *, table, column_mapping, partition_clause=None, conn_id=None, database=None,
                 accept_none=True, **kwargs):
        super().__init__(conn_id=conn_id, database=database, **kwargs)
        self.table = table
        self.column_mapping = column_mapping
        self.partition_clause = partition_clause
        self.accept_none = accept_none


class SQLTableCheckOperator(BaseSQLOperator):
    template_fields = ("partition_clause", "table")
    template_fields_renderers = {"checks": "json"}
    _aloft_java_operator = "SQLTableCheckOperator"

    def __init__(self, *, table, checks, partition_clause=None, conn_id=None, database=None, **kwargs):
        super().__init__(conn_id=conn_id, database=database, **kwargs)
        self.table = table
        self.checks = checks
        self.partition_clause = partition_clause
