from datetime import datetime

from airflow import DAG

from dag_helpers import DEFAULT_ARGS, make_task

with DAG("uses_helpers", default_args=DEFAULT_ARGS, start_date=datetime(2024, 1, 1), schedule="@monthly"):
    make_task("first") >> make_task("second")
