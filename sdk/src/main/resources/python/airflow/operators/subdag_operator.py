"""Airflow 1.10's ``airflow.operators.subdag_operator``, which Airflow 2.10 still imports."""

from airflow.sdk._crossdag import SubDagOperator  # noqa: F401
