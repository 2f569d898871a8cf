"""A module next to DAG files, imported by them (the DAG folder is on sys.path, as in Airflow)."""
from datetime import timedelta

DEFAULT_ARGS = {"owner": "helpers", "retries": 3, "retry_delay": timedelta(seconds=90)}


def make_task(task_id):
    from airflow.operators.empty import EmptyOperator

    return EmptyOperator(task_id=task_id)
