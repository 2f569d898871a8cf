from airflow.sdk._triggers import FileTrigger  # noqa: F401
