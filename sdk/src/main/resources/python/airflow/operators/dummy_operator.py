"""Airflow 1.10's module name, still importable (deprecated) in Airflow 2.10."""
from airflow.sdk._operators import DummyOperator, EmptyOperator  # noqa: F401
