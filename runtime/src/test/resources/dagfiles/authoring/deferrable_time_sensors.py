# Deferrable time sensors, in the spirit of Airflow's example_time_delta_sensor_async: the *Async sensors and
# TimeDeltaSensor(deferrable=True) hand their wait to the daemon's triggerer (state deferred, no slot held),
# resume in the same try when the moment comes, and the task after them runs. TimeSensorAsync's time of day has
# passed already (00:00), so it succeeds without deferring; the Airflow 3 import paths work the same way. With
# end_from_trigger=True (Airflow 2.10) the triggerer ends the sensor itself: no resumed poke.
# expect-run: success
# expect-state: wait_async success
# expect-state: wait_deferrable success
# expect-state: wait_until success
# expect-state: wait_midnight success
# expect-state: after success
# expect-state: ends_in_triggerer success
# expect-log: wait_async: Pausing task as DEFERRED. Trigger: airflow.triggers.temporal.DateTimeTrigger
# expect-log: wait_async: Success criteria met
# expect-log: wait_deferrable: Pausing task as DEFERRED
# expect-log: wait_until: Pausing task as DEFERRED
# expect-log: after: both waits are over
# expect-log: ends_in_triggerer: Task ended by its trigger (end_from_trigger) in state
import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.standard.sensors.time import TimeSensorAsync
from airflow.sensors.date_time import DateTimeSensorAsync
from airflow.sensors.time_delta import TimeDeltaSensor, TimeDeltaSensorAsync

with DAG(
    dag_id="deferrable_time_sensors",
    start_date=datetime.datetime(2024, 1, 1),
    schedule=None,
    catchup=False,
    tags=["deferrable"],
) as dag:
    wait_async = TimeDeltaSensorAsync(task_id="wait_async", delta=datetime.timedelta(seconds=3))
    wait_deferrable = TimeDeltaSensor(task_id="wait_deferrable", delta=datetime.timedelta(seconds=4), deferrable=True)
    wait_until = DateTimeSensorAsync(
        task_id="wait_until",
        target_time=(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=6)).isoformat(),
    )
    wait_midnight = TimeSensorAsync(task_id="wait_midnight", target_time=datetime.time(0, 0))
    ends_in_triggerer = TimeDeltaSensorAsync(
        task_id="ends_in_triggerer", delta=datetime.timedelta(seconds=2), end_from_trigger=True
    )
    after = BashOperator(task_id="after", bash_command="echo both waits are over")
    [wait_async, wait_deferrable, wait_until, wait_midnight, ends_in_triggerer] >> after
