from airflow.sdk._operators import LatestOnlyOperator  # noqa: F401
