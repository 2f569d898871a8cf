from airflow.sdk._operators import EmptyOperator  # noqa: F401
