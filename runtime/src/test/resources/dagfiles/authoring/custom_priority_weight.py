# Custom priority weight strategies (Airflow 2.9+): with one task at a time (max_active_tasks=1), the four tasks
# after `start` run highest weight first. `high` (an instance, 30 // try_number) and `mid` (a class registered by an
# AirflowPlugin, named by its dotted path) outrank `plain` (downstream rule: 2 + check's 1 = 3), which outranks
# `low` (absolute-like strategy: 1). `check` fails unless their XCom'd start times are in that order.
# expect-run: success
# expect-state: high success
# expect-state: mid success
# expect-state: plain success
# expect-state: low success
# expect-state: check success
# expect-log: check: order high, mid, plain, low
import time

import pendulum

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator
from airflow.plugins_manager import AirflowPlugin
from airflow.task.priority_strategy import PriorityWeightStrategy


class FirstTriesFirst(PriorityWeightStrategy):
    """Airflow's documented idiom: less weight on each retry (Aloft evaluates it with try_number 1)."""

    def get_weight(self, ti):
        return 30 // ti.try_number


class Twenty(PriorityWeightStrategy):
    def get_weight(self, ti):
        return 20 if ti.map_index == -1 else 0


class Lowest(PriorityWeightStrategy):
    def get_weight(self, ti):
        return 1


class CorpusWeights(AirflowPlugin):
    name = "corpus_weights"
    priority_weight_strategies = [Twenty]


def started():
    return time.time()


def check(ti):
    names = ["high", "mid", "plain", "low"]
    times = ti.xcom_pull(task_ids=names)
    order = [name for _, name in sorted(zip(times, names))]
    print("order " + ", ".join(order))
    if order != names:
        raise ValueError("tasks ran in the order %s, not by weight" % order)


with DAG("custom_priority_weight", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None,
         max_active_tasks=1):
    start = EmptyOperator(task_id="start")
    low = PythonOperator(task_id="low", python_callable=started, weight_rule=Lowest(), priority_weight=50)
    plain = PythonOperator(task_id="plain", python_callable=started, priority_weight=2)
    mid = PythonOperator(task_id="mid", python_callable=started, weight_rule=f"{__name__}.Twenty")
    high = PythonOperator(task_id="high", python_callable=started, weight_rule=FirstTriesFirst())
    start >> [low, plain, mid, high] >> PythonOperator(task_id="check", python_callable=check)
