from airflow.sdk._core import WeightRule  # noqa: F401
