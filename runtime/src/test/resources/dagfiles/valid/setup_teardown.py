from datetime import datetime

from airflow import DAG
from airflow.decorators import setup, task, teardown
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator


@setup
def create_cluster():
    return "cluster-1"


@teardown
def delete_cluster(name):
    print("deleting", name)


@task
def query(name):
    return "rows from " + name


with DAG("setup_teardown", start_date=datetime(2024, 1, 1), schedule=None):
    cluster = create_cluster()
    with cluster >> delete_cluster(cluster):
        query(cluster) >> EmptyOperator(task_id="report")

    make_dir = BashOperator(task_id="make_dir", bash_command="mkdir -p /tmp/x")
    remove_dir = BashOperator(task_id="remove_dir", bash_command="rm -rf /tmp/x")
    use_dir = BashOperator(task_id="use_dir", bash_command="touch /tmp/x/f", wait_for_downstream=True)
    make_dir >> use_dir >> remove_dir.as_teardown(setups=make_dir, on_failure_fail_dagrun=True)
