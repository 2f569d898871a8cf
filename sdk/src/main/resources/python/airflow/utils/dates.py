from airflow.sdk._dates import days_ago, parse_execution_date  # noqa: F401
