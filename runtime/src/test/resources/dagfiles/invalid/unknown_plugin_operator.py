# expect-line: 14
# expect-message: operator TeleportOperator is not available (task 'beam', line 14)
from datetime import datetime

from airflow import DAG
from airflow.models.baseoperator import BaseOperator


class TeleportOperator(BaseOperator):
    _aloft_java_operator = "TeleportOperator"


with DAG("unknown_plugin_operator", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    TeleportOperator(task_id="beam", target="mars")
