# expect-timeout
# expect-message: DagFileTimeout
from airflow import DAG

n = 0
while True:
    n += 1
