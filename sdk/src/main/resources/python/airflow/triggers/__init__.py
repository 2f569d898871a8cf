"""Airflow 2 import paths of the triggers (see airflow.sdk._triggers)."""
