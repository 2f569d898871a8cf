from airflow.sdk._core import TriggerRule  # noqa: F401
