# expect-line: 9
# expect-message: FileSensor argument 'recursive' must be bool, got str (task 'wait', line 9)
from datetime import datetime

from airflow import DAG
from airflow.sensors.filesystem import FileSensor

with DAG("wrong_argument_type", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    FileSensor(task_id="wait", filepath="/tmp/x", recursive="yes")
