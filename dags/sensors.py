"""Sensors in poke and reschedule mode: a file sensor, a Python sensor and a time delta sensor."""
import os
import tempfile
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.sensors.filesystem import FileSensor
from airflow.sensors.python import PythonSensor
from airflow.sensors.time_delta import TimeDeltaSensor

MARKER = os.path.join(tempfile.gettempdir(), "aloft-sensors-example-{{ run_id | replace(':', '_') }}")


def marker_written(marker):
    return os.path.exists(marker)


with DAG(
    dag_id="sensors",
    start_date=datetime(2021, 1, 1),
    schedule=None,
    catchup=False,
    tags=["example"],
) as dag:
    write = BashOperator(task_id="write_marker", bash_command=f"sleep 1 && touch '{MARKER}'")
    wait_file = FileSensor(task_id="wait_for_file", filepath=MARKER, poke_interval=1, timeout=60, mode="reschedule")
    wait_python = PythonSensor(
        task_id="wait_python",
        python_callable=marker_written,
        op_kwargs={"marker": MARKER},
        poke_interval=1,
        timeout=60,
    )
    wait_time = TimeDeltaSensor(task_id="wait_a_second", delta=timedelta(seconds=1), poke_interval=1, mode="reschedule")
    cleanup = BashOperator(task_id="cleanup", bash_command=f"rm -f '{MARKER}'", trigger_rule="all_done")


    wait_file >> wait_python >> cleanup
    wait_time >> cleanup
    write >> cleanup
