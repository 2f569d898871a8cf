"""Airflow's ``airflow.providers.common.sql.operators.sql``. These operators run in Java over JDBC (connection type
``postgres``, the bundled PostgreSQL driver): their ``__init__`` records the arguments, Aloft's executor runs them.
``handler`` may be Airflow's ``fetch_all_handler`` (the default) or ``fetch_one_handler``; with another callable
(a function of the DAG file), ``SQLExecuteQueryOperator`` runs in Python instead, through ``PostgresHook``, so that
the callable gets a DB-API cursor as in Airflow (``postgres`` connections only)."""

from airflow.providers.common.sql.hooks import handlers as _handlers
from airflow.sdk._core import BaseOperator
from airflow.sdk._exceptions import AirflowException

_HANDLERS = {_handlers.fetch_all_handler: "fetch_all_handler", _handlers.fetch_one_handler: "fetch_one_handler"}


def _handler_name(handler):
    """The name Java knows a handler by; None for a user's callable (the operator then runs in Python)."""
    if handler is None or isinstance(handler, str):
        return handler or "fetch_all_handler"
    if not callable(handler):
        raise AirflowException("handler %r is not callable: give a function that takes a DB-API cursor" % (handler,))
    return _HANDLERS.get(handler)


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
        if name is None:
            # A user's handler: this task runs in Python (the class decides, see _SQLExecuteQueryInPython) and has
            # no Java arguments (BaseOperator then refuses unknown ones, as Airflow's does).
            self.__class__ = _SQLExecuteQueryInPython
            kwargs.pop("postgres_conn_id", None)
            kwargs.pop("runtime_parameters", None)
            super().__init__(conn_id=conn_id, database=database, **kwargs)
        else:
            # The name reaches Java in place of the function (a normalized keyword argument overrides the given one).
            super().__init__(conn_id=conn_id, database=database, handler=name, **kwargs)
        self.sql = sql
        self.autocommit = autocommit
        self.parameters = parameters
        self.handler = handler
        self.split_statements = split_statements
        self.return_last = return_last
        self.show_return_value_in_logs = show_return_value_in_logs


class _SQLExecuteQueryInPython(SQLExecuteQueryOperator):
    """What a ``SQLExecuteQueryOperator`` with a user's ``handler`` becomes: the callable needs a DB-API cursor, so the
    task runs in Python over ``PostgresHook`` rather than in Java."""

    _aloft_java_operator = None
    custom_operator_name = "SQLExecuteQueryOperator"

    def execute(self, context):
        """The statements through ``PostgresHook.run``, the handler's results to XCom as Airflow's operator
        returns them."""
        from airflow.providers.postgres.hooks.postgres import PostgresHook
        from airflow.sdk._connection import BaseHook

        conn = BaseHook.get_connection(self.conn_id)
        if (conn.conn_type or "").lower() not in ("postgres", "postgresql"):
            raise AirflowException("connection %r has type %r: a custom handler runs in Python through PostgresHook, "
                                   "so it needs a postgres connection; use fetch_all_handler / fetch_one_handler "
                                   "(run in Java over JDBC) for other databases" % (self.conn_id, conn.conn_type))
        hook = PostgresHook(postgres_conn_id=self.conn_id, database=self.database)
        output = hook.run(sql=self.sql, autocommit=self.autocommit, parameters=self.parameters, handler=self.handler,
                          split_statements=bool(self.split_statements), return_last=self.return_last)
        if self.show_return_value_in_logs:
            self.log.info("Operator output is: %s", output)
        return output


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


class SQLIntervalCheckOperator(BaseSQLOperator):
    """Checks that each metric (an SQL expression over ``table``) of the run's day (``date_filter_column = ds``)
    stays within its ratio threshold of the same metric ``days_back`` days earlier; runs in Java."""

    template_fields = ("sql1", "sql2")
    template_ext = (".hql", ".sql")
    template_fields_renderers = {"sql1": "sql", "sql2": "sql"}
    ui_color = "#fff7e6"
    _aloft_java_operator = "SQLIntervalCheckOperator"
    ratio_formulas = ("max_over_min", "relative_diff")

    def __init__(self, *, table, metrics_thresholds, date_filter_column="ds", days_back=-7,
                 ratio_formula="max_over_min", ignore_zero=True, conn_id=None, database=None, **kwargs):
        if ratio_formula not in self.ratio_formulas:
            raise AirflowException("Invalid diff_method: %s. Supported diff methods are: %s"
                                   % (ratio_formula, ", ".join(self.ratio_formulas)))
        if not isinstance(metrics_thresholds, dict) or not metrics_thresholds:
            raise AirflowException("metrics_thresholds must map each metric's SQL expression to its threshold, "
                                   "e.g. {'COUNT(*)': 1.5}")
        days_back = -abs(int(days_back))
        metrics_sorted = sorted(metrics_thresholds)
        head = "SELECT %s FROM %s WHERE %s=" % (", ".join(metrics_sorted), table, date_filter_column)
        sql1 = head + "'{{ ds }}'"
        sql2 = head + "'{{ macros.ds_add(ds, " + str(days_back) + ") }}'"
        # The queries reach Java as arguments, rendered there like Airflow's template fields.
        super().__init__(conn_id=conn_id, database=database, sql1=sql1, sql2=sql2, days_back=days_back, **kwargs)
        self.table = table
        self.metrics_thresholds = metrics_thresholds
        self.metrics_sorted = metrics_sorted
        self.date_filter_column = date_filter_column
        self.days_back = days_back
        self.ratio_formula = ratio_formula
        self.ignore_zero = ignore_zero
        self.sql1 = sql1
        self.sql2 = sql2


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
