# expect-line: 10
# expect-message: DuplicateTaskIdFound: Task id 'same' has already been added to the DAG
from datetime import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("duplicate_task_id", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    EmptyOperator(task_id="same")
    EmptyOperator(task_id="same")
