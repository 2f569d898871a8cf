from airflow.sdk._operators import TimeDeltaSensor  # noqa: F401
