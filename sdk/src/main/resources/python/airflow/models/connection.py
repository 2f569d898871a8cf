"""Airflow 2's ``airflow.models.connection``."""

from airflow.sdk._connection import Connection  # noqa: F401
