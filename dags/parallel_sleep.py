"""Eight tasks at once: parallelism and pools. `params.seconds` sets how long each one sleeps."""
from datetime import datetime

from airflow import DAG
from airflow.models.param import Param
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

with DAG(
    dag_id="parallel_sleep",
    start_date=datetime(2024, 1, 1),
    schedule=None,
    catchup=False,
    tags=["example"],
    params={"seconds": Param(5, type="integer", minimum=0, maximum=600)},
) as dag:
    start = EmptyOperator(task_id="start")
    done = EmptyOperator(task_id="done")
    for i in range(8):
        start >> BashOperator(task_id=f"sleep_{i}", bash_command="sleep {{ params.seconds }}") >> done
