from airflow.sdk._operators import TimeSensor, TimeSensorAsync  # noqa: F401
