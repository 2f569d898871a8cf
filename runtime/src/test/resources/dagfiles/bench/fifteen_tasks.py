"""A 15-task DAG in the usual style: default_args, classic operators, TaskFlow, a group, dependencies."""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator
from airflow.utils.task_group import TaskGroup

default_args = {"owner": "bench", "retries": 2, "retry_delay": timedelta(minutes=1)}


def work(n):
    return n * 2


with DAG("fifteen_tasks", default_args=default_args, start_date=datetime(2024, 1, 1), schedule="@daily",
         catchup=False, tags=["bench"]) as dag:
    start = EmptyOperator(task_id="start")
    extract = BashOperator(task_id="extract", bash_command="echo {{ ds }}")
    with TaskGroup("transform") as transform:
        steps = [PythonOperator(task_id=f"step_{i}", python_callable=work, op_args=[i]) for i in range(5)]
        for a, b in zip(steps, steps[1:]):
            a >> b

    @task
    def summarize(values):
        return len(values)

    @task
    def report(count):
        print(count)

    checks = [BashOperator(task_id=f"check_{i}", bash_command=f"test {i} -ge 0") for i in range(3)]
    load = EmptyOperator(task_id="load")
    end = EmptyOperator(task_id="end", trigger_rule="all_done")
    start >> extract >> transform >> checks >> load
    report(summarize([1, 2, 3])) >> end
    load >> end >> EmptyOperator(task_id="notify")
