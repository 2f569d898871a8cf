# BranchDateTimeOperator, BranchDayOfWeekOperator and DateTimeSensor (Airflow 2 and 3 paths), airflow.utils
# helpers (timezone, dates, state, helpers.chain, edgemodifier.Label) and airflow.models type-hint names.
# expect-run: success
# expect-state: in_window success
# expect-state: out_of_window skipped
# expect-state: any_day success
# expect-state: never skipped
# expect-state: past_time success
# expect-state: helpers success
# expect-log: past_time: Checking if the time (2020-01-01T00:00:00+00:00) has come
# expect-log: helpers: helpers ok
from datetime import time, timedelta

from airflow import DAG
from airflow.decorators import task
from airflow.models import DagRun, TaskInstance
from airflow.models.dagbag import DagBag  # noqa: F401 (type hints only)
from airflow.operators.datetime import BranchDateTimeOperator
from airflow.operators.empty import EmptyOperator
from airflow.providers.standard.operators.weekday import BranchDayOfWeekOperator
from airflow.providers.standard.sensors.date_time import DateTimeSensor as DateTimeSensor3
from airflow.sensors.date_time import DateTimeSensor
from airflow.utils import timezone
from airflow.utils.dates import days_ago
from airflow.utils.edgemodifier import Label
from airflow.utils.helpers import chain
from airflow.utils.state import DagRunState, State, TaskInstanceState
from airflow.utils.weekday import WeekDay

assert DateTimeSensor is DateTimeSensor3

with DAG("date_branching", start_date=days_ago(2), schedule=None):
    by_time = BranchDateTimeOperator(task_id="by_time", follow_task_ids_if_true="in_window",
                                     follow_task_ids_if_false="out_of_window", target_lower=time(0, 0, 0),
                                     target_upper=time(23, 59, 59, 999999))
    by_time >> Label("inside") >> EmptyOperator(task_id="in_window")
    by_time >> Label("outside") >> EmptyOperator(task_id="out_of_window")

    by_day = BranchDayOfWeekOperator(task_id="by_day", follow_task_ids_if_true="any_day",
                                     follow_task_ids_if_false="never", week_day=set(WeekDay))
    chain(by_day, [EmptyOperator(task_id="any_day"), EmptyOperator(task_id="never")])

    waited = DateTimeSensor(task_id="past_time", target_time=timezone.datetime(2020, 1, 1), poke_interval=1)

    @task
    def helpers(ti: TaskInstance = None, dag_run: DagRun = None):
        now = timezone.utcnow()
        assert timezone.is_localized(now) and timezone.parse("2024-01-02T03:04:05Z").hour == 3
        assert State.SUCCESS == TaskInstanceState.SUCCESS == "success" and DagRunState.FAILED.value == "failed"
        assert ti.task_id == "helpers" and dag_run.run_id
        print("helpers ok")

    waited >> helpers()
