# expect-line: 7
# expect-message: unknown schedule preset '@fortnightly'
from datetime import datetime

from airflow import DAG

dag = DAG("unknown_schedule", start_date=datetime(2024, 1, 1), schedule="@fortnightly")
