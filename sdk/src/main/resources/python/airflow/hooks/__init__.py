"""Airflow 2's ``airflow.hooks`` package."""
