from airflow.sdk._core import BaseOperator, chain, chain_linear, cross_downstream  # noqa: F401
