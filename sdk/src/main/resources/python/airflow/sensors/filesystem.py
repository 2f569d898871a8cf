from airflow.sdk._operators import FileSensor  # noqa: F401
