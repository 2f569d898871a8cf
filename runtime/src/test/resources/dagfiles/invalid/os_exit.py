# expect-message: SystemExit
import os
from airflow import DAG
os._exit(7)
