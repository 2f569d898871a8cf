"""Airflow 3 import paths of the standard triggers."""
