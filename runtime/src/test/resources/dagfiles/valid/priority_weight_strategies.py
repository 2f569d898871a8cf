# The spec of custom priority weight strategies: weight_rule is the strategy's class path and custom_weight what
# its get_weight gave at parse time (map_index -1, try_number 1, the task itself as ti.task); built-in rules,
# also given as their words, WeightRule members or strategy classes, stay words without custom_weight.
import pendulum

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.plugins_manager import AirflowPlugin
from airflow.task.priority_strategy import (
    PriorityWeightStrategy,
    _UpstreamPriorityWeightStrategy,
    validate_and_load_priority_weight_strategy,
)
from airflow.utils.weight_rule import WeightRule


class Echo(PriorityWeightStrategy):
    """A weight that shows what the task instance looked like: priority_weight * 100 + try * 10 + map index + 1."""

    def get_weight(self, ti):
        return ti.task.priority_weight * 100 + ti.try_number * 10 + ti.map_index + 1


class Upstream(_UpstreamPriorityWeightStrategy):
    pass


class Weights(AirflowPlugin):
    name = "weights"
    priority_weight_strategies = [Echo, Upstream]


assert validate_and_load_priority_weight_strategy(None) == validate_and_load_priority_weight_strategy("absolute")
assert validate_and_load_priority_weight_strategy(WeightRule.UPSTREAM).__class__ is _UpstreamPriorityWeightStrategy
assert validate_and_load_priority_weight_strategy(f"{__name__}.Echo") == Echo()
assert Echo() != Upstream()

with DAG("priority_weight_strategies", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    first = EmptyOperator(task_id="first", priority_weight=3, weight_rule=WeightRule.ABSOLUTE)
    echo = EmptyOperator(task_id="echo", priority_weight=4, weight_rule=Echo())
    by_path = EmptyOperator(task_id="by_path", weight_rule=f"{__name__}.Upstream")
    first >> echo >> by_path
