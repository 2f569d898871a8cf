from airflow.sdk._core import TaskGroup  # noqa: F401
