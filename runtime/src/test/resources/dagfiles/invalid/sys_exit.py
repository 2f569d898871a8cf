# expect-line: 5
# expect-message: SystemExit: the DAG file called exit(3)
import sys
from airflow import DAG
sys.exit(3)
