"""Airflow 3's ``airflow.sdk.bases.hook``."""

from airflow.sdk._connection import BaseHook  # noqa: F401
