import random
from datetime import datetime

from airflow import DAG
from airflow.decorators import task
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import BranchPythonOperator, ShortCircuitOperator
from airflow.utils.edgemodifier import Label
from airflow.utils.trigger_rule import TriggerRule


def choose():
    return random.choice(["branch_a", "branch_b"])


with DAG("branching", start_date=datetime(2023, 1, 1), schedule="@daily", catchup=False,
         max_active_runs=1) as dag:
    run_this_first = EmptyOperator(task_id="run_this_first")
    branching = BranchPythonOperator(task_id="branching", python_callable=choose)
    join = EmptyOperator(task_id="join", trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)
    run_this_first >> branching
    for option in ["branch_a", "branch_b"]:
        t = EmptyOperator(task_id=option)
        branching >> Label(option.upper()) >> t >> join

    @task.branch(task_id="tf_branch")
    def tf_branch(n=3):
        return "even" if n % 2 == 0 else ["odd"]

    even = EmptyOperator(task_id="even")
    odd = EmptyOperator(task_id="odd")
    join >> tf_branch() >> [even, odd]

    check = ShortCircuitOperator(task_id="check", python_callable=lambda: True,
                                 ignore_downstream_trigger_rules=False)

    @task.short_circuit()
    def tf_check():
        return False

    after = EmptyOperator(task_id="after", trigger_rule="all_done")
    [even, odd] >> check >> tf_check() >> after
