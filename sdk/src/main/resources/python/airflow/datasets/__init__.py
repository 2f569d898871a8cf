"""Airflow 2's ``airflow.datasets`` import path."""

from airflow.sdk._datasets import BaseDataset, Dataset, DatasetAlias, DatasetAll, DatasetAny  # noqa: F401
