from airflow.sdk._core import DAG  # noqa: F401
