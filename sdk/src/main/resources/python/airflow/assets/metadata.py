"""The ``airflow.assets.metadata`` import path of Airflow 3's pre-releases."""

from airflow.sdk._datasets import Metadata  # noqa: F401
