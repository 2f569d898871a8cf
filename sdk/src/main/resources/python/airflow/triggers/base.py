from airflow.sdk._triggers import BaseTrigger, TriggerEvent  # noqa: F401
