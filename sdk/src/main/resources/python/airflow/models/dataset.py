"""Airflow 2's ``airflow.models.dataset`` import path (the model name used in older DAG files)."""

from airflow.sdk._datasets import Dataset  # noqa: F401

DatasetModel = Dataset
