"""Runs one Python task try for Java: the task's ``execute`` (or a sensor's ``poke``) with an Airflow-like
context, and returns the outcome as JSON. Java has already rendered templates and resolved XCom references.

Java calls ``load_module`` once per DAG file version and context, then ``run_task`` per try. Callbacks are
Java functions taking and returning JSON text: ``xcom_pull(json) -> json``, ``xcom_push(key, json)``,
``log(line)``.
"""

import copy
import datetime as _dt
import io
import json
import logging
import sys
import traceback
import types

from airflow.sdk import _datasets, _serialize, _state, _triggers
from airflow.sdk._exceptions import (AirflowException, AirflowFailException, AirflowSensorTimeout,
                                     AirflowSkipException, TaskDeferred)
from airflow.sdk._operators import PokeReturnValue

_modules = {}

_DATE_KEYS = ("logical_date", "execution_date", "data_interval_start", "data_interval_end", "prev_data_interval_start_success",
              "prev_data_interval_end_success", "prev_start_date_success", "next_execution_date",
              "prev_execution_date", "start_date")


def load_module(source, filename, module_name):
    """Loads a DAG file for running its tasks and keeps its DAGs under ``module_name``."""
    if module_name not in _modules:
        module = _serialize.load(source, filename, module_name, forget_local_modules=False)
        _modules[module_name] = {d.dag_id: d for d in _serialize.collect_dags(module.__dict__)}
        _state.reset(None)
    return module_name


def unload_module(module_name):
    _modules.pop(module_name, None)
    sys.modules.pop(module_name, None)


# The dates parsed for the try that runs now (run_task clears it after each try): a try's context names the same
# instant up to ten times (logical_date, execution_date, the data interval, dag_run's and ti's copies), and one parse
# costs about a millisecond here (GraalPy's interpreter mode), most of a short task's time. Airflow hands out one
# object for these too; tries never share one, so nothing a task does to its dates reaches another file's task.
_parsed = {}


def _to_datetime(text):
    if not isinstance(text, str):
        return text
    parsed = _parsed.get(text)
    if parsed is None:
        if "pendulum" in sys.modules:
            parsed = sys.modules["pendulum"].parse(text)
        else:
            parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        _parsed[text] = parsed
    return parsed


class _JsonEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, (_dt.datetime, _dt.date, _dt.time)):
            return o.isoformat()
        if isinstance(o, _dt.timedelta):
            return o.total_seconds()
        if isinstance(o, (set, frozenset, tuple)):
            return list(o)
        raise TypeError("a value of type %s is not JSON serializable; XCom values must be JSON"
                        % type(o).__name__)


def _dumps(value):
    return json.dumps(value, cls=_JsonEncoder)


def _answer(envelope):
    answer = json.loads(envelope)
    if "error" in answer:
        raise AirflowException(answer["error"])
    return answer.get("ok")


class TaskInstance:
    """``ti`` / ``task_instance`` in the context: identity plus xcom_pull / xcom_push through Java."""

    def __init__(self, task, info, callbacks):
        self.task = task
        self.task_id = task.task_id
        self.dag_id = task.dag.dag_id
        self.run_id = info.get("run_id")
        self.try_number = info.get("try_number", 1)
        self.map_index = info.get("map_index", -1)
        self.max_tries = info.get("max_tries", task.retries)
        self.hostname = info.get("hostname")
        self.logical_date = _to_datetime(info.get("logical_date"))
        self.execution_date = self.logical_date
        self._callbacks = callbacks
        self.dag_run = None  # set by build_context

    def xcom_pull(self, task_ids=None, dag_id=None, key="return_value", include_prior_dates=False,
                  map_indexes=None, default=None, run_id=None):
        if task_ids is not None and not isinstance(task_ids, str):
            task_ids = list(task_ids)
        if map_indexes is not None and not isinstance(map_indexes, int):
            map_indexes = list(map_indexes)
        request = {"task_ids": task_ids, "key": key, "map_indexes": map_indexes}
        answer = _answer(self._callbacks["xcom_pull"](_dumps(request)))
        return default if answer is None else answer

    def get_dagrun(self, session=None):
        return self.dag_run

    def xcom_push(self, key, value, execution_date=None):
        _answer(self._callbacks["xcom_push"](str(key), _dumps(value)))

    def __repr__(self):
        return "<TaskInstance: %s.%s %s [running]>" % (self.dag_id, self.task_id, self.run_id)


class DagRun:
    def __init__(self, info):
        self.conf = info.get("conf") or {}
        self.run_id = info.get("run_id")
        self.run_type = info.get("run_type")
        self.external_trigger = info.get("external_trigger", False)
        self.logical_date = _to_datetime(info.get("logical_date"))
        self.execution_date = self.logical_date
        self.data_interval_start = _to_datetime(info.get("data_interval_start"))
        self.data_interval_end = _to_datetime(info.get("data_interval_end"))
        self.start_date = _to_datetime(info.get("start_date"))
        self.dag_id = info.get("dag_id")


class _Macros:
    import datetime
    import json
    import random
    import time
    import uuid
    from datetime import timedelta

    @staticmethod
    def ds_add(ds, days):
        return (_dt.datetime.strptime(ds, "%Y-%m-%d") + _dt.timedelta(days=days)).strftime("%Y-%m-%d")

    @staticmethod
    def ds_format(ds, input_format, output_format):
        return _dt.datetime.strptime(ds, input_format).strftime(output_format)


def build_context(task, info, callbacks):
    context = dict(info)
    for key in _DATE_KEYS:
        if key in context:
            context[key] = _to_datetime(context[key])
    dag_run_info = dict(info.get("dag_run") or {})
    for key in ("run_id", "logical_date", "data_interval_start", "data_interval_end"):
        dag_run_info.setdefault(key, info.get(key))
    dag_run_info.setdefault("dag_id", task.dag.dag_id)
    ti = TaskInstance(task, info, callbacks)
    dag_run = DagRun(dag_run_info)
    ti.dag_run = dag_run  # Airflow's TaskInstance has its run: `ti.dag_run.conf` in task code
    context.update({
        "ti": ti,
        "task_instance": ti,
        "task": task,
        "dag": task.dag,
        "dag_run": dag_run,
        "params": dict(info.get("params") or {}),
        "macros": _Macros,
        "templates_dict": getattr(task, "templates_dict", None),
    })
    context.setdefault("conf", None)
    context.setdefault("map_index", info.get("map_index", -1))
    events = info.get("triggering_dataset_events") or {}
    triggering = _datasets.TriggeringEvents({uri: [_DatasetEvent(e) for e in evs] for uri, evs in events.items()})
    context["triggering_dataset_events"] = triggering
    context["triggering_asset_events"] = triggering
    inlet_events = info.get("inlet_events") or {}
    context["inlet_events"] = _datasets.InletEventsAccessors(
        getattr(task, "inlets", None), {k: [_DatasetEvent(e) for e in evs] for k, evs in inlet_events.items()})
    context["outlet_events"] = _datasets.OutletEventAccessors()
    context["inlets"] = list(getattr(task, "inlets", None) or [])
    context["outlets"] = list(getattr(task, "outlets", None) or [])
    return context


class _DatasetEvent(dict):
    """One triggering dataset event: Airflow's code reads ``event.extra``, ``event.source_dag_id`` ...; a dict
    underneath so it also prints and indexes as JSON."""

    def __init__(self, data):
        super().__init__(data)
        if self.get("timestamp"):
            self["timestamp"] = _to_datetime(self["timestamp"])

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError("dataset event has no attribute %r (it has %s)" % (name, ", ".join(self))) from None


def _merge(original, rendered):
    """The rendered argument, keeping the original Python value where Java only saw ``{"__python__": ...}``."""
    if isinstance(rendered, dict) and set(rendered) == {"__python__"}:
        return original
    if isinstance(rendered, dict) and isinstance(original, dict):
        return {k: _merge(original.get(k), v) for k, v in rendered.items()}
    if isinstance(rendered, list) and isinstance(original, (list, tuple)) and len(rendered) == len(original):
        merged = [_merge(o, r) for o, r in zip(original, rendered)]
        return tuple(merged) if isinstance(original, tuple) else merged
    return rendered


def _prepare(task, arguments):
    task = copy.copy(task)
    for attr in ("op_kwargs", "op_args", "templates_dict"):
        if isinstance(getattr(task, attr, None), (dict, list)):
            setattr(task, attr, copy.copy(getattr(task, attr)))
    decorated = hasattr(task, "python_callable") and hasattr(type(task), "custom_operator_name")
    # The whole op_args/op_kwargs first: a mapped TaskFlow argument goes into op_kwargs after them, so a
    # rendered op_kwargs arriving later in the request cannot drop it.
    ordered = sorted(arguments.items(), key=lambda item: item[0] not in ("op_args", "op_kwargs", "templates_dict"))
    for name, value in ordered:
        if decorated and name not in ("op_args", "op_kwargs", "templates_dict"):
            task.op_kwargs[name] = value
        else:
            setattr(task, name, _merge(getattr(task, name, None), value))
    return task


class _LogStream(io.TextIOBase):
    """Sends what the task prints to Java's log writer, line by line."""

    def __init__(self, log):
        self._log = log
        self._buffer = ""

    def writable(self):
        return True

    def write(self, text):
        self._buffer += text
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            self._log(line)
        return len(text)

    def flush(self):
        if self._buffer:
            self._log(self._buffer)
            self._buffer = ""


class _LogHandler(logging.Handler):
    def __init__(self, log):
        super().__init__(logging.INFO)
        self._log = log
        self.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))

    def emit(self, record):
        try:
            for line in self.format(record).split("\n"):
                self._log(line)
        except Exception:
            self.handleError(record)


def _branch_ids(task, result):
    if result is None:
        return []
    ids = [result] if isinstance(result, str) else list(result)
    dag = task.dag
    groups = dag.task_group._all_groups()
    out = []
    invalid = []
    for tid in ids:
        if tid in dag.task_dict:
            out.append(tid)
        elif tid in groups:
            out.extend(t.task_id for t in groups[tid].get_roots())
        else:
            invalid.append(tid)
    if invalid:
        raise AirflowException("'branch_task_ids' must contain only valid task_ids. Invalid tasks found: %s"
                               % sorted(invalid))
    return out


def _deferred(task, deferral, module_name=None, filename=None):
    """A TaskDeferred as the outcome JSON. A trigger Java does not evaluate itself runs in a Python worker of the
    triggerer, re-created from ``serialize()``: its class must resolve from there, checked now so that a typo fails
    the try at once; its arguments travel with datetimes and timedeltas tagged (``_triggers.encode_kwargs``)."""
    trigger = deferral.trigger
    serialize = getattr(trigger, "serialize", None)
    if serialize is None:
        raise AirflowException("defer(trigger=...) needs a trigger (a BaseTrigger), got %r" % (trigger,))
    classpath, trigger_kwargs = serialize()
    if not _triggers.runs_in_java(classpath):
        _triggers.resolve(classpath, module_name, filename)
        trigger_kwargs = _triggers.encode_kwargs(dict(trigger_kwargs or {}))
    timeout = deferral.timeout
    if isinstance(timeout, _dt.timedelta):
        timeout = timeout.total_seconds()
    return {"kind": "deferred", "classpath": classpath, "trigger_kwargs": trigger_kwargs,
            "method": deferral.method_name, "kwargs": deferral.kwargs or {}, "timeout_seconds": timeout}


def _start_from_trigger(task, module_name):
    """Airflow 2.10's ``start_from_trigger``: a task whose ``start_trigger_args`` name a trigger defers to it at once,
    without calling ``execute``."""
    if not getattr(task, "start_from_trigger", False) or getattr(task, "start_trigger_args", None) is None:
        return None
    args = task.start_trigger_args
    module = sys.modules.get(module_name)
    cls = _triggers.resolve(args.trigger_cls, module_name, getattr(module, "__file__", None))
    return TaskDeferred(trigger=cls(**(args.trigger_kwargs or {})), method_name=args.next_method,
                        kwargs=args.next_kwargs, timeout=args.timeout)


def _run_triggers(module_name, request, log, variable, connection):
    """The triggerer's bounded look at a batch of Python triggers (see ``_triggers.run_batch``); their printed and
    logged lines go to ``log``, and their ``Variable.get`` / ``BaseHook.get_connection`` read through Java as a
    task's do (the triggers run only while a look runs, so the readers of the look serve them all)."""
    _state.variable_reader = lambda key: _answer(variable(str(key)))
    _state.connection_reader = None if connection is None else (lambda conn_id: _answer(connection(str(conn_id))))
    stdout, stderr = sys.stdout, sys.stderr
    stream = _LogStream(log)
    handler = _LogHandler(log)
    root = logging.getLogger()
    root.addHandler(handler)
    sys.stdout = sys.stderr = stream
    try:
        module = sys.modules.get(module_name)
        filename = getattr(module, "__file__", None)
        results = _triggers.run_batch(request["triggers"], float(request.get("slice_seconds", 2)), module_name,
                                      filename, request.get("owner"))
        out = {}
        for tid, result in results.items():
            try:
                _dumps(result)
                out[str(tid)] = result
            except (TypeError, ValueError) as e:
                out[str(tid)] = {"error": "the trigger's event payload is not JSON: %s" % e}
        return _dumps({"kind": "triggers", "results": out})
    finally:
        stream.flush()
        sys.stdout, sys.stderr = stdout, stderr
        root.removeHandler(handler)
        _state.variable_reader = None
        _state.connection_reader = None


def _run(task, context, next_method=None, next_kwargs=None):
    kind = getattr(task, "_aloft_kind", "execute")
    if next_method is not None:
        # The try resumed after its trigger fired: continue at the method named at deferral.
        result = task.resume_execution(next_method, next_kwargs, context)
        value = result if task.do_xcom_push else None
        return {"kind": "returned", "value": value}
    if kind == "sensor":
        result = task.poke(context)
        if isinstance(result, PokeReturnValue):
            return {"kind": "poke", "done": bool(result.is_done), "xcom_value": result.xcom_value}
        return {"kind": "poke", "done": bool(result), "xcom_value": None}
    task.pre_execute(context)
    result = _drain(task.execute(context), context)
    task.post_execute(context, result)
    value = result if task.do_xcom_push else None
    if task.do_xcom_push and task.multiple_outputs and result is not None:
        if not isinstance(result, dict) or not all(isinstance(k, str) for k in result):
            raise AirflowException("Returned output was type %s expected dictionary for multiple_outputs"
                                   % type(result).__name__)
    if kind == "branch":
        return {"kind": "branch", "task_ids": _branch_ids(task, result), "value": value}
    if kind == "short_circuit":
        return {"kind": "short_circuit", "condition": bool(result),
                "ignore_downstream_trigger_rules": bool(task.ignore_downstream_trigger_rules), "value": value}
    outcome = {"kind": "returned", "value": value}
    extras, alias_events = context["outlet_events"]._aloft_outcome(getattr(task, "outlets", None))
    if extras:
        outcome["outlet_extras"] = extras
    if alias_events:
        outcome["alias_events"] = alias_events
    return outcome


def _drain(result, context):
    """A callable that is a generator (Airflow 2.10's ``yield Metadata(ds, extra)``) runs to its end here: each
    Metadata it yields sets its dataset's event extra (or adds the dataset through its alias); what it returns is
    the task's return value."""
    if not isinstance(result, types.GeneratorType):
        return result
    while True:
        try:
            item = next(result)
        except StopIteration as stop:
            return stop.value
        if isinstance(item, _datasets.Metadata):
            context["outlet_events"]._apply(item)


def _run_callback(task, callback, context):
    """Calls a task's (or, for ``dag_on_...``, its DAG's) callback with the context, as Airflow does: a single
    callable or a list of them, each given the context. ``context["exception"]`` arrives as the failure's message
    and is handed to the callback as an exception object."""
    if callback.startswith("_aloft_arg_"):
        # Not a user callback: a Java operator's argument that only the task's Python code can compute (e.g.
        # ExternalTaskSensor's execution_date_fn); its value is the answer, an exception fails the try.
        return {"kind": "returned", "value": getattr(task, callback)(context)}
    if callback.startswith("dag_"):
        owner, name = task.dag, callback[len("dag_"):]
    else:
        owner, name = task, callback
    message = context.get("exception")
    if isinstance(message, str):
        context["exception"] = AirflowException(message)
    functions = getattr(owner, name, None)
    if functions is None:
        return {"kind": "returned", "value": None}
    if not isinstance(functions, (list, tuple)):
        functions = [functions]
    # As in Airflow, one failing callback of a list does not keep the next ones from running.
    failures = []
    for function in functions:
        try:
            function(context)
        except Exception as e:
            failures.append(e)
    if failures:
        last = failures[-1]
        return {"kind": "failed", "exception_type": type(last).__name__, "message": str(last), "no_retry": True,
                "traceback": "".join("".join(traceback.format_exception(type(e), e, e.__traceback__))
                                     for e in failures)}
    return {"kind": "returned", "value": None}


def _with_template_context(outcome, context, built_keys):
    """The outcome with the names the task's code added to its context (``get_current_context()["x"] = ...``)
    when the task has a ``map_index_template``: Java renders it after the try, as Airflow does, and these names
    are part of the context it renders with. Values that are not JSON travel as their ``str()``."""
    if context is None or not context.get("map_index_template"):
        return outcome
    added = {}
    for name, value in context.items():
        if name in built_keys or not isinstance(name, str):
            continue
        try:
            _dumps(value)
            added[name] = value
        except (TypeError, ValueError):
            added[name] = str(value)
    if added:
        outcome["template_context"] = added
    return outcome


def run_task(module_name, dag_id, task_id, request_json, xcom_pull, xcom_push, log, variable, connection=None):
    """Runs one try; returns the outcome JSON (see GraalPythonInvoker on the Java side)."""
    request = json.loads(request_json)
    if "triggers" in request:
        return _run_triggers(module_name, request, log, variable, connection)
    _state.variable_reader = lambda key: _answer(variable(str(key)))
    _state.connection_reader = None if connection is None else (lambda conn_id: _answer(connection(str(conn_id))))
    callbacks = {"xcom_pull": xcom_pull, "xcom_push": xcom_push, "log": log}
    stdout, stderr = sys.stdout, sys.stderr
    stream = _LogStream(log)
    handler = _LogHandler(log)
    root = logging.getLogger()
    old_level = root.level
    context = None
    built_keys = ()
    try:
        dags = _modules.get(module_name)
        if dags is None or dag_id not in dags:
            raise AirflowException("DAG %r is not defined in %s" % (dag_id, module_name))
        dag = dags[dag_id]
        if task_id not in dag.task_dict:
            raise AirflowException("Task %r is not in DAG %r" % (task_id, dag_id))
        task = _prepare(dag.task_dict[task_id], request.get("arguments") or {})
        info = request.get("context") or {}
        # Java asks for a callback instead of the task by naming it in the context (see execution.Callbacks).
        callback = info.pop("_aloft_callback", None)
        next_method = info.pop("_aloft_next_method", None)
        next_kwargs = info.pop("_aloft_next_kwargs", None)
        context = build_context(task, info, callbacks)
        built_keys = frozenset(context)
        _state.task_context_keys = built_keys
        sys.stdout = sys.stderr = stream
        _state.task_context = context
        root.addHandler(handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)
        try:
            start = _start_from_trigger(task, module_name) if callback is None and next_method is None else None
            if start is not None:
                raise start
            outcome = (_run(task, context, next_method, next_kwargs) if callback is None
                       else _run_callback(task, callback, context))
        except TaskDeferred as deferral:
            outcome = _deferred(task, deferral, module_name, getattr(sys.modules.get(module_name), "__file__", None))
        stream.flush()
        return _dumps(_with_template_context(outcome, context, built_keys))
    except AirflowSkipException as e:
        return _dumps(_with_template_context({"kind": "skipped", "message": str(e)}, context, built_keys))
    except BaseException as e:
        no_retry = isinstance(e, (AirflowFailException, AirflowSensorTimeout))
        return _dumps(_with_template_context(
            {"kind": "failed", "exception_type": type(e).__name__, "message": str(e),
             "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__)),
             "no_retry": no_retry}, context, built_keys))
    finally:
        stream.flush()
        _parsed.clear()
        _state.task_context = None
        _state.task_context_keys = None
        _state.variable_reader = None
        _state.connection_reader = None
        sys.stdout, sys.stderr = stdout, stderr
        root.removeHandler(handler)
        root.setLevel(old_level)
