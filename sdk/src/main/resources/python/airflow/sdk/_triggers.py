"""Airflow's triggers, as data for Aloft's triggerer. ``self.defer(trigger=..., method_name=...)`` ends the try;
Java stores the trigger's ``serialize()`` (classpath and keyword arguments) and its triggerer, written in Java,
waits on it and resumes the task at ``method_name`` with the trigger's event. The triggerer runs the built-in
triggers only (DateTimeTrigger, TimeDeltaTrigger, FileTrigger, DagStateTrigger): a ``BaseTrigger`` subclass of your
own can be defined, but deferring to it fails the task with a TaskDeferralError that says so, since its ``async
def run()`` would need a Python event loop in the triggerer."""

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
