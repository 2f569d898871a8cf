import pendulum

from airflow import DAG
from airflow.operators.bash import BashOperator

# Airflow 3's fail_fast; Airflow 2's fail_stop is the same switch.
with DAG("fail_fast", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, fail_fast=True):
    BashOperator(task_id="fails", bash_command="exit 1") >> BashOperator(task_id="after", bash_command="echo")
    BashOperator(task_id="slow", bash_command="sleep 30")

with DAG("fail_stop", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, fail_stop=True):
    BashOperator(task_id="only", bash_command="echo")
