from airflow.sdk._operators import PythonSensor  # noqa: F401
