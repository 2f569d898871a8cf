"""Airflow's standard operators. Those with ``_aloft_java_operator`` run in Java (their ``__init__`` only
records arguments); the Python ones (PythonOperator and friends) run their ``execute`` in a pooled GraalPy
context through ``_runner``. ``_aloft_kind`` tells the runner which outcome a Python task produces."""

import datetime as _dt
import enum

from airflow.sdk import _signatures
from airflow.sdk._core import BaseOperator
from airflow.sdk._exceptions import AirflowException


def _canonical(module):
    """Show a class under its Airflow 2 import path (operator_class in the DagSpec, reprs)."""

    def decorate(cls):
        cls.__module__ = module
        return cls

    return decorate


# ---------------------------------------------------------------------------------------------- Java-run

@_canonical("airflow.operators.empty")
class EmptyOperator(BaseOperator):
    ui_color = "#e8f7e4"
    _aloft_java_operator = "EmptyOperator"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)


DummyOperator = EmptyOperator


@_canonical("airflow.operators.bash")
class BashOperator(BaseOperator):
    template_fields = ("bash_command", "env", "cwd")
    template_ext = (".sh", ".bash")
    ui_color = "#f0ede4"
    _aloft_java_operator = "BashOperator"

    def __init__(self, *, bash_command, env=None, append_env=False, output_encoding="utf-8",
                 skip_exit_code=None, skip_on_exit_code=99, cwd=None, output_processor=None, **kwargs):
        super().__init__(**kwargs)
        self.bash_command = bash_command
        self.env = env
        self.append_env = append_env
        self.output_encoding = output_encoding
        self.skip_on_exit_code = skip_exit_code if skip_exit_code is not None else skip_on_exit_code
        self.cwd = cwd


@_canonical("airflow.operators.latest_only")
class LatestOnlyOperator(BaseOperator):
    ui_color = "#e9ffdb"
    _aloft_java_operator = "LatestOnlyOperator"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)


# ---------------------------------------------------------------------------------------------- Python-run

def determine_kwargs(python_callable, op_args, kwargs):
    """The keyword arguments ``python_callable`` takes from ``kwargs`` (context plus op_kwargs), as
    Airflow's KeywordParameters: everything for ``**kwargs``, else only the names it declares."""
    facts = _signatures.parameters(python_callable)
    if facts is None:
        import inspect

        params = list(inspect.signature(python_callable).parameters.values())
        if any(p.kind == p.VAR_KEYWORD for p in params):
            return dict(kwargs)
        positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        keyword = [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    else:
        positional, keyword_only, _, has_varkw, _, _ = facts
        if has_varkw:
            return dict(kwargs)
        positional = [n for n in positional if n != "self"]
        keyword = positional + list(keyword_only)
    taken = set(positional[:len(op_args)])
    return {name: kwargs[name] for name in keyword if name not in taken and name in kwargs}


@_canonical("airflow.operators.python")
class PythonOperator(BaseOperator):
    template_fields = ("templates_dict", "op_args", "op_kwargs")
    template_fields_renderers = {"templates_dict": "json", "op_args": "py", "op_kwargs": "py"}
    ui_color = "#ffefeb"

    def __init__(self, *, python_callable, op_args=None, op_kwargs=None, templates_dict=None,
                 templates_exts=None, show_return_value_in_logs=True, **kwargs):
        super().__init__(**kwargs)
        if not callable(python_callable):
            raise AirflowException("`python_callable` param must be callable")
        self.python_callable = python_callable
        self.op_args = op_args or ()
        self.op_kwargs = op_kwargs or {}
        self.templates_dict = templates_dict
        self.show_return_value_in_logs = show_return_value_in_logs

    def execute(self, context):
        context = dict(context)
        context.update(self.op_kwargs)
        context["templates_dict"] = self.templates_dict
        self.op_kwargs = determine_kwargs(self.python_callable, self.op_args, context)
        return self.execute_callable()

    def execute_callable(self):
        return self.python_callable(*self.op_args, **self.op_kwargs)


class BranchMixIn:
    """Marks an operator whose result names the downstream task ids to follow."""
    _aloft_kind = "branch"


@_canonical("airflow.operators.python")
class BranchPythonOperator(BranchMixIn, PythonOperator):
    pass


@_canonical("airflow.operators.branch")
class BaseBranchOperator(BranchMixIn, BaseOperator):
    """Subclasses implement ``choose_branch(context)`` returning a task id or a list of them."""

    def choose_branch(self, context):
        raise NotImplementedError

    def execute(self, context):
        return self.choose_branch(context)


@_canonical("airflow.operators.python")
class ShortCircuitOperator(PythonOperator):
    ui_color = "#e9ffdb"
    _aloft_kind = "short_circuit"

    def __init__(self, *, ignore_downstream_trigger_rules=True, **kwargs):
        super().__init__(**kwargs)
        self.ignore_downstream_trigger_rules = ignore_downstream_trigger_rules


# ---------------------------------------------------------------------------------------------- sensors

class PokeReturnValue:
    """A poke's answer: done or not, and optionally an XCom value to push when done."""

    def __init__(self, is_done, xcom_value=None):
        self.xcom_value = xcom_value
        self.is_done = is_done

    def __bool__(self):
        return bool(self.is_done)


def _seconds(value):
    return value.total_seconds() if isinstance(value, _dt.timedelta) else float(value)


@_canonical("airflow.sensors.base")
class BaseSensorOperator(BaseOperator):
    """Subclasses implement ``poke(context)``; Java calls it every ``poke_interval`` until it is true."""

    ui_color = "#e6f1f2"
    valid_modes = ["poke", "reschedule"]
    _aloft_kind = "sensor"

    def __init__(self, *, poke_interval=60, timeout=60 * 60 * 24 * 7, soft_fail=False, mode="poke",
                 exponential_backoff=False, max_wait=None, silent_fail=False, never_fail=False, **kwargs):
        super().__init__(**kwargs)
        self.poke_interval = _seconds(poke_interval)
        self.timeout = _seconds(timeout)
        self.soft_fail = soft_fail
        self.mode = mode
        self.exponential_backoff = exponential_backoff
        self.max_wait = _seconds(max_wait) if max_wait is not None else None
        self.silent_fail = silent_fail
        self.never_fail = never_fail
        if self.poke_interval < 0:
            raise AirflowException("The poke_interval must be a non-negative number")
        if self.timeout < 0:
            raise AirflowException("The timeout must be a non-negative number")
        if mode not in self.valid_modes:
            raise AirflowException("The mode must be one of %s,'%s.%s'; received '%s'."
                                   % (self.valid_modes, self.dag.dag_id if self.dag else "", self.task_id, mode))

    def poke(self, context):
        raise AirflowException("Override me.")

    def execute(self, context):
        raise AirflowException("Aloft calls poke(); a sensor's execute() does not run")


@_canonical("airflow.sensors.python")
class PythonSensor(BaseSensorOperator):
    template_fields = ("templates_dict", "op_args", "op_kwargs")

    def __init__(self, *, python_callable, op_args=None, op_kwargs=None, templates_dict=None, **kwargs):
        super().__init__(**kwargs)
        self.python_callable = python_callable
        self.op_args = op_args or ()
        self.op_kwargs = op_kwargs or {}
        self.templates_dict = templates_dict

    def poke(self, context):
        context = dict(context)
        context.update(self.op_kwargs)
        context["templates_dict"] = self.templates_dict
        kwargs = determine_kwargs(self.python_callable, self.op_args, context)
        return self.python_callable(*self.op_args, **kwargs)


class _JavaSensor(BaseSensorOperator):
    def poke(self, context):
        raise AirflowException("%s pokes in Java" % type(self).__name__)


@_canonical("airflow.sensors.bash")
class BashSensor(_JavaSensor):
    template_fields = ("bash_command", "env")
    _aloft_java_operator = "BashSensor"

    def __init__(self, *, bash_command, env=None, output_encoding="utf-8", retry_exit_code=None, **kwargs):
        super().__init__(**kwargs)
        self.bash_command = bash_command
        self.env = env


@_canonical("airflow.sensors.filesystem")
class FileSensor(_JavaSensor):
    template_fields = ("filepath",)
    ui_color = "#91818a"
    _aloft_java_operator = "FileSensor"

    def __init__(self, *, filepath, fs_conn_id="fs_default", recursive=False, deferrable=False,
                 start_from_trigger=False, trigger_kwargs=None, **kwargs):
        super().__init__(**kwargs)
        # deferrable=True: Java's triggerer watches the path between pokes (a FileTrigger)
        self.deferrable = deferrable
        self.filepath = filepath
        self.fs_conn_id = fs_conn_id
        self.recursive = recursive


@_canonical("airflow.sensors.time_delta")
class TimeDeltaSensor(_JavaSensor):
    _aloft_java_operator = "TimeDeltaSensor"

    def __init__(self, *, delta, deferrable=False, end_from_trigger=False, **kwargs):
        super().__init__(**kwargs)
        self.delta = delta
        self.deferrable = deferrable


def _deferrable(task):
    """The *Async sensors: Java defers them to the triggerer (they pass deferrable=True to the Java sensor)."""
    task.deferrable = True
    task._aloft_kwargs["deferrable"] = True


@_canonical("airflow.sensors.time_delta")
class TimeDeltaSensorAsync(TimeDeltaSensor):
    """Waits for ``delta`` after the run's data interval end in the triggerer (a DateTimeTrigger): no slot held."""

    def __init__(self, *, delta, end_from_trigger=False, **kwargs):
        super().__init__(delta=delta, **kwargs)
        _deferrable(self)


@_canonical("airflow.sensors.time_sensor")
class TimeSensor(_JavaSensor):
    _aloft_java_operator = "TimeSensor"

    def __init__(self, *, target_time, deferrable=False, start_from_trigger=False, end_from_trigger=False,
                 trigger_kwargs=None, **kwargs):
        super().__init__(**kwargs)
        self.target_time = target_time
        self.deferrable = deferrable


@_canonical("airflow.sensors.time_sensor")
class TimeSensorAsync(TimeSensor):
    """Waits for ``target_time`` today in the triggerer (a DateTimeTrigger): no slot held."""

    def __init__(self, *, target_time, start_from_trigger=False, end_from_trigger=False, trigger_kwargs=None,
                 **kwargs):
        super().__init__(target_time=target_time, **kwargs)
        _deferrable(self)


@_canonical("airflow.utils.weekday")
class WeekDay(enum.IntEnum):
    MONDAY = 1
    TUESDAY = 2
    WEDNESDAY = 3
    THURSDAY = 4
    FRIDAY = 5
    SATURDAY = 6
    SUNDAY = 7

    @classmethod
    def get_weekday_number(cls, week_day_str):
        return cls[week_day_str.upper()].value

    def _aloft_serialize(self):
        return self.name


@_canonical("airflow.sensors.weekday")
class DayOfWeekSensor(_JavaSensor):
    _aloft_java_operator = "DayOfWeekSensor"

    def __init__(self, *, week_day, use_task_logical_date=False, use_task_execution_day=False, **kwargs):
        super().__init__(**kwargs)
        self.week_day = week_day
        self.use_task_logical_date = use_task_logical_date or use_task_execution_day


def get_current_context():
    """The running task's context (inside a Python task only), as Airflow's ``get_current_context``."""
    from airflow.sdk import _state

    if _state.task_context is None:
        raise AirflowException("Current context was requested but no context was found! "
                               "Are you running within an airflow task?")
    return _state.task_context
