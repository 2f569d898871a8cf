# expect-line: 4
# expect-message: ModuleNotFoundError: No module named 'airflow.operators.nope'
from airflow import DAG
from airflow.operators.nope import NopeOperator
