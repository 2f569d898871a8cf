# expect-line: 7
# expect-message: Dataset scheme 'airflow' is reserved
from datetime import datetime

from airflow.datasets import Dataset

internal = Dataset("airflow://internal/table")
