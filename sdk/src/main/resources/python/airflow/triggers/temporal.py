from airflow.sdk._triggers import DateTimeTrigger, TimeDeltaTrigger  # noqa: F401
