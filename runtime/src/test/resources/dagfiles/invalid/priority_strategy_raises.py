# expect-line: 16
# expect-message: NeedsARun of task 't' failed: AttributeError
from datetime import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.task.priority_strategy import PriorityWeightStrategy


class NeedsARun(PriorityWeightStrategy):
    def get_weight(self, ti):
        return ti.dag_run.conf["weight"]


with DAG("priority_strategy_raises", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    EmptyOperator(task_id="t", weight_rule=NeedsARun())
