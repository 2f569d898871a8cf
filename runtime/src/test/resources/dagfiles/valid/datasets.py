"""Data-aware scheduling: producers with outlets (classic and TaskFlow), consumers on a list, on & / | conditions,
on a dataset-or-time schedule, and Airflow 3's Asset spelling."""
import datetime

from airflow import DAG
from airflow.datasets import Dataset
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.sdk import Asset
from airflow.timetables.datasets import DatasetOrTimeSchedule
from airflow.timetables.trigger import CronTriggerTimetable

orders = Dataset("s3://warehouse/orders.parquet")
customers = Dataset("postgres://db/public/customers")
report = Asset("daily_report", uri="file:///reports/daily.csv")
START = datetime.datetime(2024, 1, 1)

with DAG("ds_producer", start_date=START, schedule=None):
    load_orders = BashOperator(task_id="load_orders", bash_command="echo orders", outlets=[orders])

    @task(outlets=[customers, report])
    def load_customers():
        return 1

    load_orders >> load_customers()

with DAG("ds_consume_all", start_date=START, schedule=[orders, customers]):
    BashOperator(task_id="read", bash_command="echo all", inlets=[orders, customers])

with DAG("ds_consume_condition", start_date=START, schedule=(orders | customers) & report):
    BashOperator(task_id="read", bash_command="echo condition")

with DAG("ds_or_time", start_date=START,
         schedule=DatasetOrTimeSchedule(timetable=CronTriggerTimetable("0 6 * * *", timezone="UTC"),
                                        datasets=[orders])):
    BashOperator(task_id="read", bash_command="echo either")
