"""Airflow 2's ``airflow.hooks.base``."""

from airflow.sdk._connection import BaseHook  # noqa: F401
