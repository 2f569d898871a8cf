"""Airflow's ``airflow.providers.common`` package."""
