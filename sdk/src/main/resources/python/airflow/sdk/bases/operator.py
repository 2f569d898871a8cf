from airflow.sdk._core import BaseOperator, chain, cross_downstream  # noqa: F401
