# Airflow 3.1's DAG(fail_fast=True): the failure of `fails` stops `slow` (failed) and skips what has not run.
# The run's state follows its leaves, as Airflow's does: `slow` is one and failed.
# expect-run: failed
# expect-state: fails failed
# expect-state: after_fails skipped
# expect-state: slow failed
# expect-log: slow: another task of the run failed (fail_fast)
import pendulum

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("fail_fast", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None, fail_fast=True):
    BashOperator(task_id="fails", bash_command="sleep 2; exit 1") >> BashOperator(task_id="after_fails", bash_command="echo")
    BashOperator(task_id="slow", bash_command="sleep 60")
