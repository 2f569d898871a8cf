from airflow.sdk._decorators import dag, task  # noqa: F401
