# expect-line: 9
# expect-message: received 'sometimes'
from datetime import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("unknown_trigger_rule", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    EmptyOperator(task_id="t", trigger_rule="sometimes")
