from airflow.sdk._branching import DateTimeSensor, DateTimeSensorAsync  # noqa: F401
