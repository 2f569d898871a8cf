from airflow.sdk._operators import WeekDay  # noqa: F401
