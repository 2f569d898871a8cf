# expect-line: 9
# expect-message: missing keyword argument 'bash_command'
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("missing_required_argument", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    BashOperator(task_id="nothing")
