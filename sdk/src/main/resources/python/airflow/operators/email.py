"""Airflow 2's ``airflow.operators.email``."""

from airflow.providers.smtp.operators.smtp import EmailOperator  # noqa: F401
