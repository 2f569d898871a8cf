"""DAG objects -> DagSpec JSON (the Java records in io.aloft.runtime.model, snake_case), and the entry
point Java calls to evaluate a DAG file: ``evaluate(source, filename, module_name) -> JSON``."""

import datetime as _dt
import enum
import json
import sys
import types

from airflow.sdk import _datasets, _state
from airflow.sdk._core import _BASE_ARGS, _UNSET, DAG, MAPPED, Param, XComArg
from airflow.sdk._exceptions import AirflowException
from airflow.sdk._operators import BaseSensorOperator

# Sensor settings travel in TaskSpec.sensor, not in a Java sensor's args.
_SENSOR_ARGS = {"poke_interval", "timeout", "soft_fail", "mode", "exponential_backoff", "max_wait", "silent_fail",
                "never_fail"}

SPEC_VERSION = 1

_PRESETS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@quarterly": "0 0 1 */3 *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}


class Unserializable(Exception):
    def __init__(self, value):
        super().__init__(type(value).__name__)
        self.value = value


def _instant(value):
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        # Computed by hand: astimezone() trips over pendulum's fromutc check on GraalPy. datetime is pure
        # Python there, so naive and UTC values (most start dates) skip the arithmetic.
        offset = value.utcoffset() if value.tzinfo is not None else None
        v = value.replace(tzinfo=None) - offset if offset else value
        text = "%04d-%02d-%02dT%02d:%02d:%02d" % (v.year, v.month, v.day, v.hour, v.minute, v.second)
        return text + (".%06dZ" % v.microsecond if v.microsecond else "Z")
    if isinstance(value, _dt.date):
        return value.isoformat() + "T00:00:00Z"
    raise AirflowException("expected a datetime, got %r" % (value,))


def _timezone_name(value):
    tz = getattr(value, "tzinfo", None)
    if tz is None:
        return "UTC"
    for attr in ("name", "key", "zone"):
        name = getattr(tz, attr, None)
        if isinstance(name, str) and name:
            return "UTC" if name in ("+00:00", "Etc/UTC") else name
    offset = tz.utcoffset(value)
    if not offset:
        return "UTC"
    return tz.tzname(value) or "UTC"


# timedelta is pure Python in GraalPy, so total_seconds() is slow; one DAG repeats the same few objects
# (default_args), so their seconds are remembered by identity while one DAG is serialized.
_seconds_seen = {}


def _weight_rule(task):
    """A built-in rule's word, or a custom strategy's class path (module.Class)."""
    rule = task.weight_rule
    if isinstance(rule, str):
        return rule
    from airflow.task.priority_strategy import qualname
    return qualname(type(rule))


def _seconds(value):
    if value is None:
        return None
    if isinstance(value, _dt.timedelta):
        known = _seconds_seen.get(id(value))
        if known is None or known[0] is not value:
            known = (value, value.total_seconds())
            _seconds_seen[id(value)] = known
        return known[1]
    return float(value)


def to_json_value(value):
    """A JSON-able copy of an argument; XComArgs become ``{"__xcom__": ...}``. Raises Unserializable."""
    cls = value.__class__
    if cls is str or cls is int or cls is float or cls is bool or value is None:
        return value
    if cls is dict:
        return {str(k): to_json_value(v) for k, v in value.items()}
    if cls is list or cls is tuple:
        return [to_json_value(v) for v in value]
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, enum.Enum):
        if hasattr(value, "_aloft_serialize"):
            return to_json_value(value._aloft_serialize())
        return to_json_value(value.value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, XComArg):
        return {"__xcom__": {"task_id": value.operator.task_id, "key": value.key}}
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [to_json_value(v) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    if isinstance(value, Param):
        return to_json_value(value.value if value.has_value() else None)
    if hasattr(value, "_aloft_serialize"):
        return to_json_value(value._aloft_serialize())
    raise Unserializable(value)


def _python_json_value(value):
    """Like to_json_value, but a leaf Java cannot carry becomes ``{"__python__": repr}``; the task runner
    keeps the original Python value there."""
    cls = value.__class__
    if cls is str or cls is int or cls is float or cls is bool or value is None:
        return value
    if not value and (cls is tuple or cls is list or cls is dict):  # PythonOperator's op_args and op_kwargs
        return {} if cls is dict else []
    if isinstance(value, dict):
        return {str(k): _python_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_python_json_value(v) for v in value]
    try:
        return to_json_value(value)
    except Unserializable:
        return {"__python__": repr(value)}


def _schedule(dag):
    value = dag.schedule
    if value is _UNSET:
        # Airflow 2's default: a run every day from start_date (DEFAULT_SCHEDULE_INTERVAL).
        return {"type": "timedelta", "cron": None, "seconds": 86400.0, "expression": "1 day, 0:00:00"}
    if value is None:
        return {"type": "none", "cron": None, "seconds": None, "expression": None}
    if isinstance(value, _dt.timedelta):
        return {"type": "timedelta", "cron": None, "seconds": value.total_seconds(), "expression": str(value)}
    if isinstance(value, str):
        text = value.strip()
        if text == "@once":
            return {"type": "once", "cron": None, "seconds": None, "expression": text}
        if text == "@continuous":
            return {"type": "continuous", "cron": None, "seconds": None, "expression": text}
        if text in _PRESETS:
            return {"type": "cron", "cron": _PRESETS[text], "seconds": None, "expression": text}
        if text.startswith("@"):
            raise AirflowException("DAG %r: unknown schedule preset %r; use one of @once, @continuous, %s"
                                   % (dag.dag_id, text, ", ".join(_PRESETS)))
        if len(text.split()) not in (5, 6):
            raise AirflowException("DAG %r: invalid cron expression %r: expected 5 fields" % (dag.dag_id, text))
        return {"type": "cron", "cron": text, "seconds": None, "expression": text}
    if getattr(value, "_aloft_custom", False):  # a Timetable subclass written in the DAG file
        from airflow.sdk import _timetables

        return _timetables.evaluate_ahead(value, dag)
    if hasattr(value, "_aloft_schedule"):  # an airflow.timetables timetable, or DatasetOrTimeSchedule
        return value._aloft_schedule()
    condition = _datasets.condition_of(value)
    if condition is not None:
        return {"type": "datasets", "cron": None, "seconds": None, "expression": "Dataset", "datasets": condition}
    raise AirflowException("DAG %r: schedule %r is not supported by Aloft (use None, a cron expression, a preset, "
                           "a timedelta, an airflow.timetables timetable or Datasets)"
                           % (dag.dag_id, value))


def _param(param):
    return {"default_value": to_json_value(param.value) if param.has_value() else None,
            "has_default": param.has_value(),
            "schema": to_json_value(param.schema),
            "description": param.description}


def _is_java(task):
    """Java runs the task when its class names a Java operator and nothing below that class overrides
    execute or poke in Python."""
    java_name = task._aloft_java_operator
    if not java_name:
        return False
    for klass in type(task).__mro__:
        if klass.__dict__.get("_aloft_java_operator") == java_name:
            return True
        if "execute" in klass.__dict__ or "poke" in klass.__dict__:
            return False
    return True


def _java_args(task):
    args = {}
    # What the user passed, updated with what reached BaseOperator (a shim may normalize a value on the way).
    given = dict(task._aloft_kwargs)
    given.update(task._aloft_extra_args)
    for name, value in given.items():
        if name in _BASE_ARGS or value is MAPPED or name == "default_args":
            continue
        if name in _SENSOR_ARGS and isinstance(task, BaseSensorOperator):
            continue
        try:
            args[name] = to_json_value(value)
        except Unserializable as e:
            raise _task_error(task, "argument %r of task %r is a %s, which Aloft cannot pass to the Java operator %s"
                              % (name, task.task_id, type(e.value).__name__, task._aloft_java_operator))
    return args


def _python_args(task, template_fields):
    args = {}
    for name in template_fields:
        value = getattr(task, name, None)
        if value is not MAPPED:
            args[name] = _python_json_value(value)
    return args


def _task_error(task, message):
    err = AirflowException(message)
    err.aloft_lineno = task._aloft_lineno
    return err


def _sensor(task):
    return {"mode": task.mode, "poke_interval_seconds": float(task.poke_interval),
            "timeout_seconds": float(task.timeout), "soft_fail": bool(task.soft_fail),
            "exponential_backoff": bool(task.exponential_backoff),
            "max_wait_seconds": task.max_wait}


def _class_facts(cls, task):
    facts = cls.__dict__.get("_aloft_facts")
    if facts is None:
        java = _is_java(task)
        facts = (java,
                 task._aloft_java_operator if java else getattr(cls, "custom_operator_name", cls.__name__),
                 "%s.%s" % (cls.__module__, cls.__qualname__),
                 list(cls.template_fields) if isinstance(cls.__dict__.get("template_fields", cls.template_fields),
                                                         (tuple, list)) else None)
        cls._aloft_facts = facts
    return facts


def _task(task):
    cls = type(task)
    java, operator, operator_class, template_fields = _class_facts(cls, task)
    if template_fields is None or task.__dict__.get("template_fields") is not None:
        template_fields = list(task.template_fields)
    mapped = None
    if task._aloft_expand is not None:
        expand = {}
        for name, value in task._aloft_expand.items():
            try:
                expand[name] = to_json_value(value)
            except Unserializable as e:
                raise _task_error(task, "expand() argument %r of task %r is a %s, which is not JSON"
                                  % (name, task.task_id, type(e.value).__name__))
        mapped = {"expand": expand}
        mapped_group = getattr(task, "_aloft_mapped_group", None)
        if mapped_group is not None:
            mapped["group"] = mapped_group
        template = getattr(task, "map_index_template", None)
        if template is not None:
            if not isinstance(template, str):
                raise _task_error(task, "map_index_template of task %r must be a string (a Jinja template), not %s"
                                  % (task.task_id, type(template).__name__))
            mapped["map_index_template"] = template
    group = task.task_group
    max_retry_delay = task.max_retry_delay
    execution_timeout = task.execution_timeout
    spec = {
        "task_id": task.task_id,
        "operator": operator,
        "operator_class": operator_class,
        "executor": "java" if java else "python",
        "upstream": sorted(task.upstream_task_ids),
        "trigger_rule": task.trigger_rule,
        "pool": task.pool,
        "pool_slots": task.pool_slots,
        "priority_weight": task.priority_weight,
        "weight_rule": _weight_rule(task),
        "retries": task.retries,
        "retry_delay_seconds": _seconds(task.retry_delay),
        "retry_exponential_backoff": task.retry_exponential_backoff,
        "max_retry_delay_seconds": _seconds(max_retry_delay) if max_retry_delay is not None else None,
        "execution_timeout_seconds": _seconds(execution_timeout) if execution_timeout is not None else None,
        "depends_on_past": task.depends_on_past,
        "wait_for_downstream": task.wait_for_downstream,
        "template_fields": template_fields,
        "args": _java_args(task) if java else _python_args(task, template_fields),
        "sensor": _sensor(task) if task._aloft_kind == "sensor" else None,
        "mapped": mapped,
        "task_group": group._group_id if group is not None else None,
        "doc_md": task.doc_md,
        "lineno": task._aloft_lineno or 0,
        "do_xcom_push": bool(task.do_xcom_push),
        "multiple_outputs": bool(task.multiple_outputs),
        "owner": task.owner,
        "ui_color": cls.ui_color,
        "is_setup": task.is_setup,
        "is_teardown": task.is_teardown,
        "on_failure_fail_dagrun": task.on_failure_fail_dagrun,
    }
    # Only when not the default queue, so specs of tasks without a queue stay as they were.
    queue = getattr(task, "queue", None)
    if queue and queue != "default":
        spec["queue"] = str(queue)
    # A custom priority weight strategy's weight, computed now (see airflow.task.priority_strategy).
    if not isinstance(task.weight_rule, str):
        from airflow.task.priority_strategy import parse_time_weight
        try:
            spec["custom_weight"] = parse_time_weight(task, task.weight_rule)
        except AirflowException as e:
            raise _task_error(task, str(e)) from e.__cause__
    # Only when present, so specs of tasks without datasets stay as they were.
    outlets = _datasets.uris_of(task.outlets)
    if outlets:
        spec["outlets"] = outlets
    inlets = _datasets.uris_of(task.inlets)
    if inlets:
        spec["inlets"] = inlets
    outlet_aliases = _datasets.aliases_of(task.outlets)
    if outlet_aliases:
        spec["outlet_aliases"] = outlet_aliases
    inlet_aliases = _datasets.aliases_of(task.inlets)
    if inlet_aliases:
        spec["inlet_aliases"] = inlet_aliases
    return spec


def dag_to_dict(dag):
    try:
        return _dag_to_dict(dag)
    except AirflowException as e:
        if getattr(e, "aloft_lineno", None) is None:
            e.aloft_lineno = dag._aloft_lineno
        raise
    finally:
        _seconds_seen.clear()


def _dag_to_dict(dag):
    dag.check_cycle()
    return {
        "spec_version": SPEC_VERSION,
        "dag_id": dag.dag_id,
        "fileloc": dag.fileloc,
        "description": dag.description,
        "doc_md": dag.doc_md,
        "schedule": _schedule(dag),
        "start_date": _instant(dag.start_date),
        "end_date": _instant(dag.end_date),
        "timezone": _timezone_name(dag.start_date),
        "catchup": bool(dag.catchup),
        "max_active_runs": int(dag.max_active_runs),
        "max_active_tasks": int(dag.max_active_tasks),
        "dagrun_timeout_seconds": _seconds(dag.dagrun_timeout),
        "tags": [str(t) for t in dag.tags],
        "is_paused_upon_creation": dag.is_paused_upon_creation,
        "params": {name: _param(dag.params.get_param(name)) for name in dag.params},
        "tasks": [_task(t) for t in dag.task_dict.values()],
        "edge_labels": [{"from": u, "to": d, "label": label} for (u, d), label in dag._edge_labels.items()],
        "owner": dag.owner,
        "fail_fast": _fail_fast(dag),
        "callbacks": _callbacks(dag),
    }


TASK_CALLBACKS = ("on_execute_callback", "on_success_callback", "on_failure_callback", "on_retry_callback",
                  "on_skipped_callback")
DAG_CALLBACKS = ("on_success_callback", "on_failure_callback")


def _emails(task):
    email = getattr(task, "email", None)
    if not email:
        return []
    if isinstance(email, str):
        return [e.strip() for e in email.replace(";", ",").split(",") if e.strip()]
    return [str(e) for e in email]


def _callbacks(dag):
    """Which callbacks the DAG and its tasks have (Java calls back into Python only for those), and where
    ``email_on_failure``/``email_on_retry`` send mail; None when there are none, so other specs stay as they were."""
    tasks = {}
    for task in dag.task_dict.values():
        on = [name for name in TASK_CALLBACKS if getattr(task, name, None)]
        emails = _emails(task)
        if emails and getattr(task, "email_on_failure", False):
            on.append("email_on_failure")
        if emails and getattr(task, "email_on_retry", False):
            on.append("email_on_retry")
        if on:
            entry = {"on": on}
            if emails:
                entry["email"] = emails
            tasks[task.task_id] = entry
    dag_on = [name for name in DAG_CALLBACKS if getattr(dag, name, None)]
    if not tasks and not dag_on:
        return None
    return {"dag": dag_on, "tasks": tasks}


def _fail_fast(dag):
    """Airflow refuses fail_fast with other trigger rules than all_success (teardowns excepted)."""
    if not getattr(dag, "fail_fast", False):
        return False
    for t in dag.task_dict.values():
        rule = str(getattr(t.trigger_rule, "value", t.trigger_rule))
        if rule != "all_success" and not getattr(t, "is_teardown", False):
            raise AirflowException(
                "DAG %r has fail_fast=True, which only allows trigger_rule='all_success', but task %r has %r:"
                " use the default trigger rule or drop fail_fast" % (dag.dag_id, t.task_id, rule))
    return True


def collect_dags(module_dict):
    """Every DAG the evaluation created (Airflow's auto-registration) plus any module-level DAG, in order."""
    seen = set()
    out = []
    for candidate in list(_state.dags) + [v for v in module_dict.values() if isinstance(v, DAG)]:
        if id(candidate) not in seen:
            seen.add(id(candidate))
            out.append(candidate)
    ids = {}
    for d in out:
        if d.dag_id in ids:
            err = AirflowException("DAG id %r is defined twice in this file (lines %s and %s)"
                                   % (d.dag_id, ids[d.dag_id]._aloft_lineno, d._aloft_lineno))
            err.aloft_lineno = d._aloft_lineno
            raise err
        ids[d.dag_id] = d
    for op in _state.operators:
        if op._dag is None:
            raise _task_error(op, "Task %r is not part of any DAG: create it inside `with DAG(...)`, pass dag=..., "
                                  "or set a dependency on a task that has one" % op.task_id)
    return out


def dags_in_module(module_dict):
    """The DagSpec JSON list of every DAG created while the module ran."""
    return json.dumps([dag_to_dict(d) for d in collect_dags(module_dict)])


def error_info(exc, filename):
    """An import error: the DAG file's line (from the traceback or a SyntaxError), a message, the traceback."""
    lineno = None
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        lineno = exc.lineno
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            lineno = tb.tb_lineno
        tb = tb.tb_next
    if lineno is None:
        lineno = getattr(exc, "aloft_lineno", None)
    if isinstance(exc, SyntaxError):
        message = "%s: %s" % (type(exc).__name__, exc.msg)
    elif isinstance(exc, SystemExit):
        message = "SystemExit: the DAG file called exit(%s)" % (exc.code,)
    else:
        message = "%s: %s" % (type(exc).__name__, exc)
    import traceback

    stack = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {"filename": filename, "lineno": lineno, "message": message, "stacktrace": stack}


def load(source, filename, module_name, forget_local_modules=True):
    """Runs a DAG file into a fresh module registered as ``module_name``; returns the module.

    As in Airflow, the file's folder is on ``sys.path`` so that it can import modules next to it. With
    ``forget_local_modules`` those modules are dropped from ``sys.modules`` afterwards, so that the next
    evaluation sees their current version (Airflow gets the same by parsing in a fresh process).
    """
    _state.reset(filename)
    folder = filename.rsplit("/", 1)[0] if "/" in filename else "."
    if folder not in sys.path:
        sys.path.append(folder)
    # Modules imported while the file runs are appended to sys.modules after its last key of now.
    last_before = next(reversed(sys.modules), None) if forget_local_modules else _UNSET
    module = types.ModuleType(module_name)
    module.__file__ = filename
    module.__builtins__ = __builtins__
    sys.modules[module_name] = module
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
        exec(code, module.__dict__)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    finally:
        del _state.dag_stack[:]
        del _state.group_stack[:]
        del _state.setup_teardown_stack[:]
        if last_before is not _UNSET:
            _forget_modules_under(folder + "/", last_before)
    return module


def _forget_modules_under(prefix, last_before):
    """Drops the modules under ``prefix`` imported after ``last_before`` (all under it if that one is gone)."""
    if next(reversed(sys.modules), None) == last_before:
        return
    if last_before in sys.modules:
        names = []
        for name in reversed(sys.modules):
            if name == last_before:
                break
            names.append(name)
    else:
        names = list(sys.modules)
    for name in names:
        path = getattr(sys.modules[name], "__file__", None) or ""
        if path.startswith(prefix):
            del sys.modules[name]


def evaluate(source, filename, module_name):
    """Java's entry point for parsing: ``{"dags": [DagSpec...]}`` or ``{"error": ImportErrorInfo}``."""
    try:
        module = load(source, filename, module_name)
        try:
            return json.dumps({"dags": [dag_to_dict(d) for d in collect_dags(module.__dict__)]})
        finally:
            sys.modules.pop(module_name, None)
    except BaseException as exc:  # a DAG file's SystemExit or KeyboardInterrupt is an import error too
        return json.dumps({"error": error_info(exc, filename)})
    finally:
        _state.reset(None)
