from datetime import datetime, timedelta

from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.sensors.filesystem import FileSensor
from airflow.providers.standard.sensors.time_delta import TimeDeltaSensor
from airflow.sdk import DAG, Label, Param, TaskGroup, chain, task

with DAG(dag_id="airflow3_paths", schedule="@hourly", start_date=datetime(2025, 1, 1),
         params={"limit": Param(5, type="integer")}, tags=["af3"]) as dag:
    wait = FileSensor(task_id="wait_for_file", filepath="/tmp/ready", poke_interval=30, mode="reschedule",
                      timeout=timedelta(hours=1))
    delay = TimeDeltaSensor(task_id="delay", delta=timedelta(minutes=5), soft_fail=True,
                            exponential_backoff=True, max_wait=timedelta(minutes=10))

    @task
    def count(limit=None):
        return limit

    with TaskGroup("work"):
        run = BashOperator(task_id="run", bash_command="echo {{ params.limit }}", env={"A": "1"},
                           execution_timeout=timedelta(minutes=10), retry_exponential_backoff=True,
                           max_retry_delay=timedelta(hours=1))
    done = EmptyOperator(task_id="done")
    chain(wait, delay, count(limit=3), run)
    run >> Label("finished") >> done
