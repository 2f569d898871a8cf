from airflow.sdk._core import chain, cross_downstream  # noqa: F401
