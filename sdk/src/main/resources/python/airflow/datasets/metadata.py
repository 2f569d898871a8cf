"""Airflow 2.10's ``airflow.datasets.metadata`` import path (``yield Metadata(ds, extra)``)."""

from airflow.sdk._datasets import Metadata  # noqa: F401
