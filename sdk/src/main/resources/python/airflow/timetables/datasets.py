"""Airflow 2.9's ``airflow.timetables.datasets`` import path."""

from airflow.sdk._datasets import DatasetOrTimeSchedule  # noqa: F401
