from airflow.sdk._triggers import DagStateTrigger  # noqa: F401
