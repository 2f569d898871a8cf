from airflow.sdk._operators import TimeSensor  # noqa: F401
