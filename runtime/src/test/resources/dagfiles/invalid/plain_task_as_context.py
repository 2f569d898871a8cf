# A task that is neither a setup nor a teardown cannot open a `with` block.
# expect-line: 9
# expect-message: Only setup and teardown tasks can be used as context managers
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("plain_task_as_context", schedule=None):
    plain = EmptyOperator(task_id="plain")
    with plain:
        EmptyOperator(task_id="inside")
