from airflow.sdk._runner import DagRun  # noqa: F401
