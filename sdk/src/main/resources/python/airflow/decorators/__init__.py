from airflow.sdk._decorators import dag, setup, task, teardown  # noqa: F401
