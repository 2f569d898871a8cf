"""Airflow 2's ``airflow.operators.sql``: the SQL check operators before they moved to the common.sql provider (the
same classes, run in Java over JDBC). ``BranchSQLOperator`` is not among them yet."""

from airflow.providers.common.sql.operators.sql import (  # noqa: F401
    BaseSQLOperator,
    SQLCheckOperator,
    SQLColumnCheckOperator,
    SQLExecuteQueryOperator,
    SQLIntervalCheckOperator,
    SQLTableCheckOperator,
    SQLThresholdCheckOperator,
    SQLValueCheckOperator,
)
