# expect-line: 4
# expect-message: cannot import 'polyglot'
from airflow import DAG
import polyglot
