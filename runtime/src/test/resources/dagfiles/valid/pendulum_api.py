"""A DAG file using the pendulum API as real DAG files do."""
import datetime

import pendulum
from pendulum.tz.timezone import Timezone

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

local_tz = pendulum.timezone("Europe/Amsterdam")
assert isinstance(local_tz, Timezone)
start = pendulum.datetime(2021, 1, 31, 6, tz=local_tz).add(months=1)  # 2021-02-28 06:00 CET
assert start.to_iso8601_string() == "2021-02-28T06:00:00+01:00"
assert pendulum.parse("2024-01-01") == pendulum.datetime(2024, 1, 1)
assert pendulum.yesterday("UTC") < pendulum.today("UTC") < pendulum.tomorrow("UTC") <= pendulum.now("UTC").add(days=1)
assert pendulum.today("UTC").add(days=-1) == pendulum.yesterday("UTC")
assert pendulum.duration(hours=1) == datetime.timedelta(hours=1)
assert start.in_timezone("UTC").format("YYYY-MM-DD HH:mm") == "2021-02-28 05:00"

with DAG(
    dag_id="pendulum_api",
    start_date=start,
    end_date=pendulum.parse("2030-06-30T12:00:00+02:00"),
    schedule="@daily",
    catchup=False,
    dagrun_timeout=pendulum.duration(hours=1, minutes=30),
    default_args={"retry_delay": pendulum.duration(minutes=5), "retries": 1},
    tags=["pendulum"],
) as dag:
    first = EmptyOperator(task_id="first", start_date=pendulum.datetime(2021, 3, 28, 2, 30, tz="Europe/Amsterdam"))
    report = BashOperator(
        task_id="report",
        bash_command="echo " + pendulum.from_timestamp(0).in_tz("Asia/Tokyo").to_datetime_string(),
        execution_timeout=pendulum.duration(minutes=10),
    )
    first >> report
