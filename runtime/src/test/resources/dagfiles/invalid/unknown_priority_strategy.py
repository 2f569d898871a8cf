# expect-line: 9
# expect-message: Unknown priority strategy 'no_such_module.Strategy': use 'absolute', 'downstream' or 'upstream'
from datetime import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("unknown_priority_strategy", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    EmptyOperator(task_id="t", weight_rule="no_such_module.Strategy")
