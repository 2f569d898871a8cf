# Every airflow.timetables timetable as a schedule (golden DagSpec schedules).
from datetime import datetime, timedelta, timezone

import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.sdk import MultipleCronTriggerTimetable
from airflow.timetables.events import EventsTimetable
from airflow.timetables.interval import CronDataIntervalTimetable, DeltaDataIntervalTimetable
from airflow.timetables.trigger import CronTriggerTimetable

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
SCHEDULES = {
    "tt_cron_interval": CronDataIntervalTimetable("@daily", timezone="UTC"),
    "tt_delta": DeltaDataIntervalTimetable(timedelta(hours=6)),
    "tt_cron_trigger": CronTriggerTimetable("0 6 * * 1-5", timezone=pendulum.timezone("Europe/Paris")),
    "tt_cron_trigger_interval": CronTriggerTimetable("@hourly", timezone="UTC", interval=timedelta(hours=1)),
    "tt_multiple": MultipleCronTriggerTimetable("0 6 * * *", "30 18 * * *", timezone="UTC"),
    "tt_events": EventsTimetable([datetime(2024, 3, 1, 10, tzinfo=timezone.utc), datetime(2024, 2, 1, tzinfo=timezone.utc)],
                                 restrict_to_events=True, description="two launches"),
}

for dag_id, timetable in SCHEDULES.items():
    with DAG(dag_id, start_date=START, schedule=timetable, catchup=False):
        EmptyOperator(task_id="noop")

with DAG("tt_timetable_argument", start_date=START, timetable=CronTriggerTimetable("0 0 * * *", timezone="UTC")):
    EmptyOperator(task_id="noop")
