# expect-message: has fail_fast=True, which only allows trigger_rule='all_success', but task 'cleanup' has 'all_done'
import pendulum

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("fail_fast_rule", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, fail_fast=True):
    BashOperator(task_id="work", bash_command="echo") >> BashOperator(
        task_id="cleanup", bash_command="echo", trigger_rule="all_done")
