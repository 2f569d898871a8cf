# expect-line: 6
# expect-message: Task 'orphan' is not part of any DAG
from airflow import DAG
from airflow.operators.empty import EmptyOperator

EmptyOperator(task_id="orphan")
