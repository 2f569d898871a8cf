"""Airflow's triggers for Aloft's triggerer. ``self.defer(trigger=..., method_name=...)`` ends the try; Java stores
the trigger's ``serialize()`` (classpath and keyword arguments) and its triggerer waits on it, then resumes the task
at ``method_name`` with the trigger's event. The built-in triggers (DateTimeTrigger, TimeDeltaTrigger, FileTrigger,
DagStateTrigger) are evaluated in Java. Any other ``BaseTrigger`` subclass runs here, in a Python worker:
``run_batch`` re-creates a trigger from its serialized form the first time this interpreter sees it and keeps its
``run()`` alive between looks (in this module's state, on one event loop of its own); each look lets the loop run
for a bounded slice, and a trigger that has yielded its first TriggerEvent fires. Time goes on between looks, so a
``run()`` that sleeps past a slice wakes at the next look after its sleep ends. A new interpreter (a worker that
died, a daemon restart) re-creates the trigger from its serialized form, as Airflow's triggerer does.
"""

import importlib
import json
import os
import sys
import time
import traceback
import datetime as _dt

from airflow.sdk import _dates


class TriggerEvent:
    """What a trigger yields: its ``payload`` reaches the resumed method as ``event``."""

    def __init__(self, payload):
        self.payload = payload

    def __repr__(self):
        return "TriggerEvent<%r>" % (self.payload,)

    def __eq__(self, other):
        return isinstance(other, TriggerEvent) and other.payload == self.payload


class BaseTaskEndEvent(TriggerEvent):
    """Airflow 2.10's event that ends the task from the triggerer (``end_from_trigger``): the task is not resumed;
    it ends in ``task_instance_state`` and the ``xcoms`` (key to JSON value) are pushed as its XComs."""

    task_instance_state = None

    def __init__(self, *, xcoms=None, **kwargs):
        if "payload" in kwargs:
            raise ValueError("Param 'payload' not supported for this class.")
        super().__init__(payload=self.task_instance_state)
        self.xcoms = xcoms


class TaskSuccessEvent(BaseTaskEndEvent):
    """Ends the task successfully, without resuming it."""

    task_instance_state = "success"


class TaskFailedEvent(BaseTaskEndEvent):
    """Ends the task as failed (no retry), without resuming it."""

    task_instance_state = "failed"


class TaskSkippedEvent(BaseTaskEndEvent):
    """Ends the task as skipped, without resuming it."""

    task_instance_state = "skipped"


class StartTriggerArgs:
    """Airflow 2.10's arguments for a task that starts in the triggerer (``start_from_trigger = True`` and
    ``start_trigger_args`` on the operator): the trigger's class path and arguments, and where the task resumes."""

    def __init__(self, trigger_cls, next_method, trigger_kwargs=None, next_kwargs=None, timeout=None):
        self.trigger_cls = trigger_cls
        self.next_method = next_method
        self.trigger_kwargs = trigger_kwargs
        self.next_kwargs = next_kwargs
        self.timeout = timeout

    def __repr__(self):
        return "StartTriggerArgs(trigger_cls=%r, next_method=%r)" % (self.trigger_cls, self.next_method)


class BaseTrigger:
    """Base of triggers: ``serialize()`` returns ``(classpath, kwargs)``; ``run()`` is an async generator of
    TriggerEvents (Aloft's Java triggerer runs the built-in triggers' equivalent; see the module's notes)."""

    def __init__(self, **kwargs):
        self.trigger_id = None
        self.task_instance = None

    def serialize(self):
        raise NotImplementedError("Triggers must implement serialize()")

    async def run(self):
        raise NotImplementedError("Triggers must implement run()")
        yield  # noqa: an async generator, as Airflow's

    async def cleanup(self):
        pass

    def __repr__(self):
        classpath, kwargs = self.serialize()
        return "<%s %s>" % (classpath, ", ".join("%s=%r" % kv for kv in kwargs.items()))


def _aware(moment):
    if not isinstance(moment, _dt.datetime):
        raise TypeError("Expected datetime.datetime type for moment. Got %s" % type(moment).__name__)
    if moment.tzinfo is None:
        raise ValueError("You cannot pass naive datetimes")
    return moment.astimezone(_dt.timezone.utc)


class DateTimeTrigger(BaseTrigger):
    """Fires at ``moment`` (an aware datetime); the event is the moment."""

    def __init__(self, moment, *, end_from_trigger=False):
        super().__init__()
        self.moment = _aware(moment)
        self.end_from_trigger = end_from_trigger

    def serialize(self):
        return ("airflow.triggers.temporal.DateTimeTrigger",
                {"moment": self.moment.isoformat(), "end_from_trigger": self.end_from_trigger})


DateTimeTrigger.__module__ = "airflow.triggers.temporal"


class TimeDeltaTrigger(DateTimeTrigger):
    """Fires ``delta`` after now; stored as a DateTimeTrigger, as Airflow's is."""

    def __init__(self, delta, *, end_from_trigger=False):
        super().__init__(moment=_dates.utcnow() + delta, end_from_trigger=end_from_trigger)


TimeDeltaTrigger.__module__ = "airflow.triggers.temporal"


class FileTrigger(BaseTrigger):
    """Fires once ``filepath`` (a glob allowed) exists, looking every ``poke_interval`` seconds; event True."""

    def __init__(self, filepath, recursive=False, poke_interval=5.0, **kwargs):
        super().__init__()
        self.filepath = filepath
        self.recursive = recursive
        self.poke_interval = poke_interval

    def serialize(self):
        return ("airflow.triggers.file.FileTrigger",
                {"filepath": self.filepath, "recursive": self.recursive, "poke_interval": self.poke_interval})


FileTrigger.__module__ = "airflow.triggers.file"


class DagStateTrigger(BaseTrigger):
    """Fires once every run in ``run_ids`` of ``dag_id`` is in one of ``states``."""

    def __init__(self, dag_id, states, execution_dates=None, run_ids=None, poll_interval=5.0):
        super().__init__()
        if not run_ids:
            raise ValueError("Aloft's DagStateTrigger needs run_ids (execution_dates are not supported)")
        self.dag_id = dag_id
        self.states = [getattr(s, "value", s) for s in states]
        self.run_ids = list(run_ids)
        self.poll_interval = poll_interval

    def serialize(self):
        return ("airflow.triggers.external_task.DagStateTrigger",
                {"dag_id": self.dag_id, "states": self.states, "run_ids": self.run_ids,
                 "poll_interval": self.poll_interval})


DagStateTrigger.__module__ = "airflow.triggers.external_task"


# Built-in triggers Java evaluates itself (see io.aloft.runtime.trigger.Trigger); everything else runs here.
_JAVA_TRIGGERS = frozenset("airflow.triggers." + n for n in (
    "temporal.DateTimeTrigger", "temporal.TimeDeltaTrigger", "file.FileTrigger", "external_task.DagStateTrigger"))


def runs_in_java(classpath):
    prefix = "airflow.providers.standard.triggers."
    if classpath.startswith(prefix):
        classpath = "airflow.triggers." + classpath[len(prefix):]
    return classpath in _JAVA_TRIGGERS


def resolve(classpath, dag_module_name=None, dag_filename=None):
    """The trigger class ``classpath`` names. A class of the DAG file itself may be named by the DAG file's stem
    (``my_dag.MyTrigger``, as Airflow's triggerer imports it from the DAGs folder) or by the module the DAG file
    was loaded as (``self.__class__.__module__``); other modules are imported."""
    module_path, _, class_name = classpath.rpartition(".")
    if not module_path:
        raise ImportError("the trigger classpath %r names no module: serialize() must return "
                          "('module.ClassName', kwargs)" % classpath)
    module = sys.modules.get(module_path)
    if module is None and dag_module_name is not None:
        stem = os.path.splitext(os.path.basename(dag_filename or ""))[0]
        if module_path in (stem, dag_module_name):
            module = sys.modules.get(dag_module_name)
    if module is None:
        try:
            module = importlib.import_module(module_path)
        except Exception as e:
            raise ImportError("cannot import the trigger %s: %s: %s (a trigger class must be defined in the DAG file,"
                              " named by its file's stem, or in a module on the DAGs folder's or plugins' path)"
                              % (classpath, type(e).__name__, e)) from e
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type):
        raise ImportError("cannot import the trigger %s: module %s has no class %s" % (classpath, module_path,
                                                                                        class_name))
    return cls


# Trigger arguments that JSON would flatten travel tagged, so that the trigger is re-created with the same types.
_TYPE = "__aloft_type"


def encode_kwargs(value):
    if isinstance(value, _dt.datetime):
        return {_TYPE: "datetime", "value": value.isoformat()}
    if isinstance(value, _dt.timedelta):
        return {_TYPE: "timedelta", "value": value.total_seconds()}
    if isinstance(value, dict):
        return {k: encode_kwargs(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode_kwargs(v) for v in value]
    return value


def _decode_kwargs(value):
    if isinstance(value, dict):
        kind = value.get(_TYPE)
        if kind == "datetime":
            return _dt.datetime.fromisoformat(value["value"])
        if kind == "timedelta":
            return _dt.timedelta(seconds=value["value"])
        return {k: _decode_kwargs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode_kwargs(v) for v in value]
    return value


async def _first_event(trigger):
    events = trigger.run()
    try:
        async for event in events:
            if not isinstance(event, TriggerEvent):
                raise TypeError("the trigger yielded %r, not a TriggerEvent" % (event,))
            return event
        raise RuntimeError("the trigger's run() ended without yielding a TriggerEvent")
    finally:
        try:
            await events.aclose()
        finally:
            await trigger.cleanup()


# The triggers this interpreter keeps alive between looks: (owner, trigger id) -> _Live. The owner is the Java
# triggerer's run (one per daemon start), so a restarted daemon's triggerer starts its triggers afresh. Both are
# containers filled in place, never rebound: the host's isolation check (``_isolation``) reads a rebound name of an
# ``airflow`` module as a file tampering with shared state, and would discard the interpreter with the triggers.
_live = {}
_loops = []
# A trigger no look asked about for this long is gone (fired elsewhere, timed out, its triggerer stopped or moved
# it to another worker): its run() is cancelled and its cleanup() awaited at the next look.
_STALE_SECONDS = 120.0


class _Live:
    __slots__ = ("fingerprint", "task", "last_look")

    def __init__(self, fingerprint, task, now):
        self.fingerprint = fingerprint
        self.task = task
        self.last_look = now


def _outcome(classpath, task):
    """The answer for a trigger whose run() is over: its event, how it ends the task, or its error."""
    if task.cancelled():
        return {"error": "the trigger %s was cancelled" % classpath}
    e = task.exception()
    if e is not None:
        return {"error": "the trigger %s raised %s: %s" % (classpath, type(e).__name__, e),
                "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__))}
    event = task.result()
    if isinstance(event, BaseTaskEndEvent):
        return {"end": event.task_instance_state, "xcoms": dict(event.xcoms or {})}
    return {"event": event.payload}


def run_batch(triggers, slice_seconds, dag_module_name, dag_filename, owner=None):
    """Looks at the triggers (``[{"id", "classpath", "kwargs"}]``): starts the run() of those this interpreter does
    not run yet, lets the event loop run until one of them has an answer or ``slice_seconds`` passed, and answers
    ``{id: {"event": payload} | {"end": state, "xcoms": {...}} | {"error": message, "traceback": text}}`` for those
    that ended (the others are still waiting, alive until the next look)."""
    import asyncio  # here, not at the top: DAG files that only define triggers should not pay for its import

    if not _loops or _loops[0].is_closed():
        _loops[:] = [asyncio.new_event_loop()]
    loop = _loops[0]
    now = time.monotonic()
    results = {}
    looked = {}
    for spec in triggers:
        tid = spec["id"]
        key = (owner, tid)
        fingerprint = json.dumps([spec["classpath"], spec.get("kwargs")], sort_keys=True, default=str)
        live = _live.get(key)
        if live is not None and live.fingerprint != fingerprint:
            live.task.cancel()  # the stored trigger changed under the same id: start the new one
            live = None
        if live is None:
            try:
                cls = resolve(spec["classpath"], dag_module_name, dag_filename)
                trigger = cls(**_decode_kwargs(spec.get("kwargs") or {}))
            except Exception as e:
                results[tid] = {"error": "%s: %s" % (type(e).__name__, e)}
                continue
            trigger.trigger_id = tid
            live = _Live(fingerprint, loop.create_task(_first_event(trigger)), now)
            _live[key] = live
        live.last_look = now
        looked[tid] = (spec["classpath"], live)
    stale = [k for k, l in _live.items() if now - l.last_look > _STALE_SECONDS]
    gone = [_live.pop(k).task for k in stale]

    async def main():
        waiting = [live.task for _, live in looked.values()]
        if waiting and not any(t.done() for t in waiting):
            await asyncio.wait(waiting, timeout=slice_seconds, return_when=asyncio.FIRST_COMPLETED)
        for t in gone:
            t.cancel()
        if gone:
            await asyncio.wait(gone, timeout=5)

    loop.run_until_complete(main())
    for tid, (classpath, live) in looked.items():
        if live.task.done():
            _live.pop((owner, tid), None)
            results[tid] = _outcome(classpath, live.task)
    return results
