"""Operators that reach other DAGs: TriggerDagRunOperator, ExternalTaskSensor and ExternalTaskMarker. Each runs in
Java (``_aloft_java_operator``); their ``__init__`` checks arguments as Airflow 2.10 does, so a mistake is an import
error with the file's line, not a failure at run time."""

import datetime as _dt

from airflow.sdk._core import BaseOperator
from airflow.sdk._exceptions import AirflowException
from airflow.sdk._operators import _canonical, _JavaSensor
from airflow.sdk._states import DagRunState, TaskInstanceState

_RUN_STATES = {s.value for s in DagRunState}
_TASK_STATES = {s.value for s in TaskInstanceState}


def _state_names(values, allowed, what):
    names = []
    for v in values:
        name = v.value if hasattr(v, "value") else str(v)
        if name not in allowed:
            raise ValueError("%r is not a valid %s (one of %s)" % (name, what, ", ".join(sorted(allowed))))
        names.append(name)
    return names


@_canonical("airflow.operators.trigger_dagrun")
class TriggerDagRunOperator(BaseOperator):
    template_fields = ("trigger_dag_id", "trigger_run_id", "logical_date", "execution_date", "conf")
    template_fields_renderers = {"conf": "py"}
    ui_color = "#ffefeb"
    _aloft_java_operator = "TriggerDagRunOperator"

    def __init__(self, *, trigger_dag_id, trigger_run_id=None, conf=None, logical_date=None, execution_date=None,
                 reset_dag_run=False, wait_for_completion=False, poke_interval=60, allowed_states=None,
                 failed_states=None, skip_when_already_exists=False, deferrable=False, **kwargs):
        super().__init__(**kwargs)
        for name, value in (("logical_date", logical_date), ("execution_date", execution_date)):
            if value is not None and not isinstance(value, (str, _dt.datetime)):
                raise TypeError("Expected str or datetime.datetime type for parameter '%s'. Got %s"
                                % (name, type(value).__name__))
        self.trigger_dag_id = trigger_dag_id
        self.trigger_run_id = trigger_run_id
        self.conf = conf
        self.logical_date = logical_date
        self.execution_date = execution_date
        self.reset_dag_run = reset_dag_run
        self.wait_for_completion = wait_for_completion
        self.poke_interval = poke_interval
        self.allowed_states = _state_names(allowed_states or [DagRunState.SUCCESS], _RUN_STATES, "DagRunState")
        self.failed_states = (_state_names(failed_states, _RUN_STATES, "DagRunState")
                              if failed_states or failed_states == [] else [DagRunState.FAILED.value])
        self.skip_when_already_exists = skip_when_already_exists
        self.deferrable = deferrable


@_canonical("airflow.sensors.external_task")
class ExternalTaskSensor(_JavaSensor):
    template_fields = ("external_dag_id", "external_task_id", "external_task_ids", "external_task_group_id")
    ui_color = "#4db7db"
    _aloft_java_operator = "ExternalTaskSensor"

    def __init__(self, *, external_dag_id, external_task_id=None, external_task_ids=None,
                 external_task_group_id=None, allowed_states=None, skipped_states=None, failed_states=None,
                 execution_delta=None, execution_date_fn=None, check_existence=False, poll_interval=2.0,
                 deferrable=False, **kwargs):
        super().__init__(**kwargs)
        if external_task_id is not None and external_task_ids is not None:
            raise ValueError("Only one of `external_task_id` or `external_task_ids` may be provided to "
                             "ExternalTaskSensor; use external_task_id or external_task_ids or "
                             "external_task_group_id.")
        if external_task_group_id is not None and (external_task_id is not None or external_task_ids is not None):
            raise ValueError("Only one of `external_task_group_id` or `external_task_ids` may be provided to "
                             "ExternalTaskSensor; use external_task_id or external_task_ids or "
                             "external_task_group_id.")
        if execution_delta is not None and execution_date_fn is not None:
            raise ValueError("Only one of `execution_delta` or `execution_date_fn` may be provided to "
                             "ExternalTaskSensor; not both.")
        if execution_date_fn is not None and not callable(execution_date_fn):
            raise TypeError("ExternalTaskSensor(execution_date_fn=...) takes a callable, got %s"
                            % type(execution_date_fn).__name__)
        if external_task_id is not None:
            external_task_ids = [external_task_id]
        per_task = bool(external_task_ids) or external_task_group_id is not None
        states, what = (_TASK_STATES, "TaskInstanceState") if per_task else (_RUN_STATES, "DagRunState")
        self.allowed_states = _state_names(allowed_states or [TaskInstanceState.SUCCESS], states, what)
        self.skipped_states = _state_names(skipped_states or [], states, what)
        self.failed_states = _state_names(failed_states or [], states, what)
        total = self.allowed_states + self.skipped_states + self.failed_states
        if len(total) != len(set(total)):
            raise AirflowException("Duplicate values provided across allowed_states, skipped_states and "
                                   "failed_states.")
        if external_task_ids and len(external_task_ids) > len(set(external_task_ids)):
            raise ValueError("Duplicate task_ids passed in external_task_ids parameter")
        self.external_dag_id = external_dag_id
        self.external_task_id = external_task_id
        self.external_task_ids = external_task_ids
        self.external_task_group_id = external_task_group_id
        self.execution_delta = execution_delta
        self.execution_date_fn = execution_date_fn
        self.check_existence = check_existence
        self.deferrable = deferrable
        if execution_date_fn is not None:
            # The Java sensor cannot carry a function: it asks this task, in its Python context, for the dates the
            # function gives at each try (see _aloft_arg_execution_dates).
            self._aloft_kwargs["execution_date_fn"] = True
            self._aloft_kwargs["_aloft_python_args"] = ["execution_dates"]

    def _aloft_arg_execution_dates(self, context):
        """The logical dates to look at, as Airflow computes them: ``execution_date_fn(logical_date, **context)``
        (only the context keys the function names), a datetime or a list of them, as ISO strings."""
        from airflow.sdk._operators import determine_kwargs

        logical_date = context["logical_date"]
        kwargs = determine_kwargs(self.execution_date_fn, [logical_date], context)
        result = self.execution_date_fn(logical_date, **kwargs)
        dates = result if isinstance(result, (list, tuple)) else [result]
        for d in dates:
            if not isinstance(d, _dt.datetime):
                raise TypeError("execution_date_fn must return a datetime or a list of datetimes, got %r" % (d,))
        return [(d if d.tzinfo else d.replace(tzinfo=_dt.timezone.utc)).isoformat() for d in dates]


@_canonical("airflow.sensors.external_task")
class ExternalTaskMarker(BaseOperator):
    """Marks a task of another DAG that depends on this one; running it does nothing (as in Airflow)."""

    template_fields = ("external_dag_id", "external_task_id", "execution_date", "logical_date")
    ui_color = "#4db7db"
    _aloft_java_operator = "ExternalTaskMarker"

    def __init__(self, *, external_dag_id, external_task_id, execution_date="{{ logical_date.isoformat() }}",
                 logical_date=None, recursion_depth=10, **kwargs):
        super().__init__(**kwargs)
        if recursion_depth <= 0:
            raise ValueError("recursion_depth should be a positive integer")
        self.external_dag_id = external_dag_id
        self.external_task_id = external_task_id
        self.execution_date = execution_date
        self.logical_date = logical_date
        self.recursion_depth = recursion_depth


@_canonical("airflow.operators.subdag")
class SubDagOperator(TriggerDagRunOperator):
    """Airflow 2's deprecated ``SubDagOperator``: runs ``subdag`` (a DAG whose id is ``<parent dag id>.<task id>``)
    as a run of its own at this run's logical date and waits for it, succeeding or failing with it, as Airflow 2
    does. It is the Java TriggerDagRunOperator underneath (``reset_dag_run``: a retry clears the sub-DAG's run and
    runs it again). The sub-DAG never runs by its own schedule; it is listed as a DAG of its own."""

    ui_color = "#555"
    ui_fgcolor = "#fff"

    def __init__(self, *, subdag, session=None, conf=None, propagate_skipped_state=None, poke_interval=60, **kwargs):
        from airflow.sdk import _state

        dag = kwargs.get("dag") or (_state.dag_stack[-1] if _state.dag_stack else None)
        if dag is None:
            raise AirflowException("Please pass in the `dag` param or call within a DAG context manager")
        task_id = kwargs.get("task_id")
        group = _state.group_stack[-1] if _state.group_stack else None
        full_id = group.child_id(task_id) if group is not None and hasattr(group, "child_id") else task_id
        if subdag.dag_id != "%s.%s" % (dag.dag_id, full_id):
            raise AirflowException("The subdag's dag_id should have the form '{parent_dag_id}.{this_task_id}'. "
                                   "Expected '%s.%s'; received '%s'." % (dag.dag_id, full_id, subdag.dag_id))
        if propagate_skipped_state is not None:
            raise AirflowException("SubDagOperator's propagate_skipped_state is not supported by Aloft: use a "
                                   "TaskGroup instead of the sub-DAG (Airflow's replacement for SubDagOperator)")
        # As in Airflow, a sub-DAG runs only when its SubDagOperator runs it, never by its own schedule.
        subdag.schedule = None
        subdag.catchup = False
        java_args = dict(trigger_dag_id=subdag.dag_id, conf=conf, logical_date="{{ ts }}", reset_dag_run=True,
                         wait_for_completion=True, poke_interval=poke_interval)
        super().__init__(**java_args, **kwargs)
        self.subdag = subdag
        # The Java operator gets TriggerDagRunOperator's arguments, not the ones given here (a DAG is not JSON).
        given = {k: v for k, v in self._aloft_kwargs.items()
                 if k not in ("subdag", "session", "propagate_skipped_state")}
        given.update(java_args)
        self._aloft_kwargs = given
