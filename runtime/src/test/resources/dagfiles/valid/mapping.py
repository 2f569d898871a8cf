from datetime import datetime

from airflow import DAG
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator


def double(x):
    return 2 * x


with DAG(dag_id="mapping", start_date=datetime(2022, 3, 4), schedule=None) as dag:

    @task
    def make_list():
        return [1, 2, 3]

    @task
    def add(x: int, y: int):
        return x + y

    @task
    def total(values):
        return sum(values)

    added = add.partial(y=10).expand(x=make_list())
    total(added)
    BashOperator.partial(task_id="echo", do_xcom_push=False).expand(bash_command=["echo 1", "echo 2"])
    PythonOperator.partial(task_id="doubled", python_callable=double).expand(op_args=[[1], [2]])
    add.override(task_id="literal").expand(x=[5, 6], y=[1])
