from airflow.sdk._triggers import BaseTrigger, StartTriggerArgs, TriggerEvent  # noqa: F401
