from airflow.sdk._operators import TimeDeltaSensor, TimeDeltaSensorAsync  # noqa: F401
