# expect-line: 9
# expect-message: Cycle detected in DAG: a >> b >> c >> a
from datetime import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("cycle", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    a = EmptyOperator(task_id="a")
    b = EmptyOperator(task_id="b")
    c = EmptyOperator(task_id="c")
    a >> b >> c >> a
