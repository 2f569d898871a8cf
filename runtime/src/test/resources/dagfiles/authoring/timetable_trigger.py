# A CronTriggerTimetable DAG run by hand: its data interval is empty (start == end) as in Airflow, and
# conf-free params still render.
# expect-run: success
# expect-state: check_interval success
# expect-log: check_interval: zero-length interval True
from datetime import datetime

from airflow import DAG
from airflow.decorators import task
from airflow.timetables.trigger import CronTriggerTimetable

with DAG("timetable_trigger", start_date=datetime(2024, 1, 1),
         schedule=CronTriggerTimetable("0 6 * * *", timezone="UTC"), catchup=False):

    @task
    def check_interval(data_interval_start, data_interval_end):
        print("zero-length interval %s" % (data_interval_start == data_interval_end))

    check_interval()
