from airflow.sdk._operators import BashOperator  # noqa: F401
