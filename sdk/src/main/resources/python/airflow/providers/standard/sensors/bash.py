from airflow.sdk._operators import BashSensor  # noqa: F401
