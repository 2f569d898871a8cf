# expect-line: 4
# expect-message: cannot import 'java'
from airflow import DAG
import java

java.type("java.lang.System").exit(1)
