"""Airflow 2's deprecated ``airflow.operators.subdag`` (TaskGroup replaces it)."""

from airflow.sdk._crossdag import SubDagOperator  # noqa: F401
