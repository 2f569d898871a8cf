"""Branching and trigger rules: only the chosen branch runs, the join runs anyway."""
import random
from datetime import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import BranchPythonOperator, ShortCircuitOperator
from airflow.utils.edgemodifier import Label
from airflow.utils.trigger_rule import TriggerRule

with DAG(
    dag_id="branching",
    start_date=datetime(2021, 1, 1),
    catchup=False,
    schedule="@daily",
    tags=["example"],
    params={"branch": "branch_b"},
) as dag:
    run_this_first = EmptyOperator(task_id="run_this_first")

    def choose(**context):
        return context["params"]["branch"]

    branching = BranchPythonOperator(task_id="branching", python_callable=choose)
    run_this_first >> branching

    join = EmptyOperator(task_id="join", trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)

    for option in ["branch_a", "branch_b", "branch_c"]:
        t = EmptyOperator(task_id=option)
        follow = EmptyOperator(task_id="follow_" + option)
        branching >> Label(option) >> t >> follow >> join

    always_true = ShortCircuitOperator(task_id="always_true", python_callable=lambda: True)
    never = ShortCircuitOperator(task_id="never", python_callable=lambda: random.random() > 2)
    after_true = EmptyOperator(task_id="after_true")
    after_never = EmptyOperator(task_id="after_never")
    join >> always_true >> after_true
    join >> never >> after_never
