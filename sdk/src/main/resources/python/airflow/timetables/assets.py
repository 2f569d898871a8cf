"""Airflow 3's ``airflow.timetables.assets`` import path."""

from airflow.sdk._datasets import AssetOrTimeSchedule  # noqa: F401
