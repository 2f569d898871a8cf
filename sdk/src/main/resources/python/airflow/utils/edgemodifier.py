from airflow.sdk._core import EdgeModifier, Label  # noqa: F401
