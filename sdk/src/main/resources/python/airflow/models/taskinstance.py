from airflow.sdk._runner import TaskInstance  # noqa: F401
