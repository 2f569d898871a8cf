"""Airflow 1.10's module name, still importable (deprecated) in Airflow 2.10."""
from airflow.operators.python import *  # noqa: F401,F403
from airflow.operators.python import get_current_context  # noqa: F401
