# expect-line: 19
# expect-message: its timetable Broken failed in next_dagrun_info
from datetime import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.timetables.base import Timetable


class Broken(Timetable):
    def infer_manual_data_interval(self, *, run_after):
        raise NotImplementedError

    def next_dagrun_info(self, *, last_automated_data_interval, restriction):
        raise ValueError("no next run")


# The file's error names the DAG's line.
with DAG("custom_timetable_raises", schedule=Broken(), start_date=datetime(2024, 1, 1)):
    EmptyOperator(task_id="t")
