"""Airflow 1.10's module name, still importable (deprecated) in Airflow 2.10."""
from airflow.operators.bash import BashOperator  # noqa: F401
