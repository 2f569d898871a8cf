# expect-run: success
# expect-state: load_orders success
# expect-state: load_customers success
# expect-log: load_orders: Updated dataset s3://warehouse/orders.parquet
# expect-log: load_customers: Updated dataset daily_customers
"""A producer of datasets, as Airflow 2 and 3 files write it: a classic operator's and a TaskFlow task's outlets."""
import datetime

from airflow import DAG
from airflow.datasets import Dataset
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.sdk import Asset

orders = Dataset("s3://warehouse/orders.parquet")

with DAG("datasets_producer", start_date=datetime.datetime(2024, 1, 1), schedule=None):
    load_orders = BashOperator(task_id="load_orders", bash_command="echo orders", outlets=[orders])

    @task(outlets=[Asset("daily_customers")])
    def load_customers():
        return 1

    load_orders >> load_customers()

# A consumer in the same file: parsed with the producer, triggered by its events in a running daemon.
with DAG("datasets_consumer", start_date=datetime.datetime(2024, 1, 1), schedule=orders & Asset("daily_customers")):
    BashOperator(task_id="read", bash_command="echo consumed")
