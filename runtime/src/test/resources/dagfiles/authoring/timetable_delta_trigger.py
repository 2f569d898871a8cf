# Airflow 3's DeltaTriggerTimetable (also `from airflow.sdk import DeltaTriggerTimetable`): a run by hand gets a data
# interval of `interval` ending when the run was triggered, as Airflow infers it.
# expect-run: success
# expect-state: check_interval success
# expect-log: check_interval: interval seconds 1800.0
from datetime import datetime, timedelta

from airflow import DAG
from airflow.decorators import task
from airflow.sdk import DeltaTriggerTimetable
from airflow.timetables.trigger import DeltaTriggerTimetable as SamePath

assert SamePath is DeltaTriggerTimetable

with DAG("timetable_delta_trigger", start_date=datetime(2024, 1, 1),
         schedule=DeltaTriggerTimetable(timedelta(hours=6), interval=timedelta(minutes=30)), catchup=False):

    @task
    def check_interval(data_interval_start, data_interval_end):
        print("interval seconds %s" % (data_interval_end - data_interval_start).total_seconds())

    check_interval()
