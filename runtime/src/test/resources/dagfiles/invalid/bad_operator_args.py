# expect-line: 9
# expect-message: BashOperator got an unexpected argument 'bash_cmd' (task 'typo', line 9)
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("bad_operator_args", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    BashOperator(task_id="typo", bash_command="echo", bash_cmd="echo")
