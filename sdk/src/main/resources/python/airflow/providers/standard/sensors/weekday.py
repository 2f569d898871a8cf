from airflow.sdk._operators import DayOfWeekSensor  # noqa: F401
