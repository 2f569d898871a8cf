from airflow.sdk._decorators import dag, setup, task, task_group, teardown  # noqa: F401
