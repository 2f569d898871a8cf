"""Priority weight strategies (Airflow 2.9+): what ``weight_rule=`` of an operator may name besides the words
``absolute``, ``downstream`` and ``upstream``.

A strategy's ``get_weight(ti)`` gives a task instance's priority weight: the higher, the sooner the scheduler
queues it when pool slots or concurrency are scarce. Airflow calls it for every task instance when the instance
is created or refreshed. Aloft calls it once per task while the DAG file is parsed, with a stand-in task
instance (``ParseTimeTaskInstance``: ``map_index`` -1, ``try_number`` 1, no run), and every instance of the
task, mapped or not and on every try, gets that weight. A strategy that reads the run, the map index or the try
number therefore sees the parse-time values only.

Custom strategies are registered as Airflow registers them, through an ``AirflowPlugin`` subclass's
``priority_weight_strategies`` list; defining that class (in the DAG file or a module it imports) registers
them. A strategy given as an instance, or as the dotted path of a ``PriorityWeightStrategy`` subclass, is
accepted as well, registered or not.
"""
import importlib

from airflow.sdk._exceptions import AirflowException


class PriorityWeightStrategy:
    """Base of every priority weight strategy: subclasses implement ``get_weight(ti)``, returning an int.

    ``serialize``/``deserialize`` carry a strategy's settings (its constructor arguments) as a JSON-able dict;
    the default carries none.
    """

    def get_weight(self, ti):
        raise NotImplementedError("%s must implement get_weight(self, ti)" % type(self).__name__)

    @classmethod
    def deserialize(cls, data):
        return cls(**data)

    def serialize(self):
        return {}

    def __eq__(self, other):
        return type(self) is type(other) and self.serialize() == other.serialize()

    def __hash__(self):
        return hash(type(self))


def _relatives(task, upstream):
    """Every task id reachable from ``task`` in one direction (its ids' own weights count once)."""
    dag = task.dag
    if dag is None:
        return set()
    seen = set()
    todo = list(task.upstream_task_ids if upstream else task.downstream_task_ids)
    while todo:
        task_id = todo.pop()
        if task_id in seen:
            continue
        seen.add(task_id)
        other = dag.task_dict[task_id]
        todo.extend(other.upstream_task_ids if upstream else other.downstream_task_ids)
    return seen


def _total(ti, upstream):
    task = ti.task
    return task.priority_weight + sum(task.dag.task_dict[t].priority_weight for t in _relatives(task, upstream))


class _AbsolutePriorityWeightStrategy(PriorityWeightStrategy):
    """The task's own ``priority_weight``."""

    def get_weight(self, ti):
        return ti.task.priority_weight


class _DownstreamPriorityWeightStrategy(PriorityWeightStrategy):
    """The task's weight plus that of every task downstream of it (Airflow's default)."""

    def get_weight(self, ti):
        return _total(ti, upstream=False)


class _UpstreamPriorityWeightStrategy(PriorityWeightStrategy):
    """The task's weight plus that of every task upstream of it."""

    def get_weight(self, ti):
        return _total(ti, upstream=True)


airflow_priority_weight_strategies = {
    "absolute": _AbsolutePriorityWeightStrategy,
    "downstream": _DownstreamPriorityWeightStrategy,
    "upstream": _UpstreamPriorityWeightStrategy,
}

airflow_priority_weight_strategies_classes = {cls: name for name, cls in airflow_priority_weight_strategies.items()}

# Strategies AirflowPlugin subclasses registered, by their dotted path (module.Class).
_registered = {}


def qualname(cls):
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def register(strategy_class):
    """Registers a strategy class under its dotted path (what ``AirflowPlugin`` does for its list)."""
    if not (isinstance(strategy_class, type) and issubclass(strategy_class, PriorityWeightStrategy)):
        raise AirflowException(
            "priority_weight_strategies of a plugin must list PriorityWeightStrategy subclasses, not %r: "
            "subclass airflow.task.priority_strategy.PriorityWeightStrategy" % (strategy_class,))
    _registered[qualname(strategy_class)] = strategy_class


def _import_class(path):
    module_name, _, class_name = path.rpartition(".")
    if not module_name:
        return None
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, class_name, None)


def validate_and_load_priority_weight_strategy(priority_weight_strategy):
    """The strategy ``weight_rule=`` names: None (absolute, as Airflow), a built-in word, a strategy instance, or
    the dotted path of a registered (or importable) ``PriorityWeightStrategy`` subclass."""
    strategy = priority_weight_strategy
    if strategy is None:
        return _AbsolutePriorityWeightStrategy()
    if isinstance(strategy, PriorityWeightStrategy):
        return strategy
    if isinstance(strategy, type) and issubclass(strategy, PriorityWeightStrategy):
        return strategy()
    if hasattr(strategy, "value") and isinstance(strategy.value, str):  # a WeightRule member
        strategy = strategy.value
    if isinstance(strategy, str):
        if strategy in airflow_priority_weight_strategies:
            return airflow_priority_weight_strategies[strategy]()
        cls = _registered.get(strategy) or _import_class(strategy)
        if isinstance(cls, type) and issubclass(cls, PriorityWeightStrategy):
            return cls()
    raise AirflowException(
        "Unknown priority strategy %r: use 'absolute', 'downstream' or 'upstream', a PriorityWeightStrategy "
        "instance, or the dotted path (module.Class) of a PriorityWeightStrategy subclass that an importable module "
        "defines (register it in an AirflowPlugin's priority_weight_strategies)" % (priority_weight_strategy,))


class ParseTimeTaskInstance:
    """The task instance a strategy's ``get_weight`` sees in Aloft: the task, map index -1, first try, no run."""

    def __init__(self, task):
        self.task = task
        self.task_id = task.task_id
        self.dag_id = task.dag_id
        self.map_index = -1
        self.try_number = 1
        self.max_tries = task.retries
        self.run_id = None
        self.dag_run = None
        self.execution_date = None
        self.logical_date = None
        self.priority_weight = task.priority_weight
        self.pool = task.pool
        self.pool_slots = task.pool_slots
        self.queue = task.queue
        self.operator = type(task).__name__


def parse_time_weight(task, strategy):
    """``strategy.get_weight`` for ``task`` at parse time, as an int (an error names the task and strategy)."""
    try:
        weight = strategy.get_weight(ParseTimeTaskInstance(task))
    except Exception as e:
        raise AirflowException("priority weight strategy %s of task %r failed: %s: %s (Aloft calls get_weight once "
                               "per task while parsing, with map_index -1 and try_number 1)"
                               % (qualname(type(strategy)), task.task_id, type(e).__name__, e)) from e
    if isinstance(weight, bool) or not isinstance(weight, int):
        raise AirflowException("priority weight strategy %s of task %r returned %r: get_weight must return an int"
                               % (qualname(type(strategy)), task.task_id, weight))
    return weight
