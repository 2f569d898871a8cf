"""Airflow's timetables as ``schedule=`` values. Each records its arguments and tells ``_serialize`` its DagSpec
schedule (``_aloft_schedule``); Java's scheduler does the timing (``runtime/.../scheduler/*Timetable``).
Standard library only."""

import datetime as _dt

from airflow.sdk._exceptions import AirflowException


def _zone_name(timezone):
    """A timezone argument (a name, pendulum/zoneinfo/dateutil zone, or datetime.timezone.utc) as a zone id."""
    if timezone is None:
        return None
    if isinstance(timezone, str):
        return timezone
    for attr in ("name", "key", "zone"):
        name = getattr(timezone, attr, None)
        if isinstance(name, str) and name:
            return "UTC" if name in ("+00:00", "Etc/UTC") else name
    if timezone.utcoffset(None) == _dt.timedelta(0):
        return "UTC"
    raise AirflowException("timezone %r has no name Aloft can use; pass a name such as 'Europe/Paris'"
                           % (timezone,))


def _cron_text(cron):
    from airflow.sdk._serialize import _PRESETS

    text = str(cron).strip()
    if text in _PRESETS:
        return _PRESETS[text]
    if text.startswith("@") or len(text.split()) != 5:
        raise AirflowException("invalid cron expression %r: expected 5 fields or a preset (%s)"
                               % (cron, ", ".join(_PRESETS)))
    return text


def _schedule(type_, cron=None, seconds=None, expression=None, **extra):
    out = {"type": type_, "cron": cron, "seconds": seconds, "expression": expression}
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


class DataInterval(tuple):
    """Airflow's ``DataInterval(start, end)``: the data a run covers."""

    __slots__ = ()

    def __new__(cls, start, end):
        return tuple.__new__(cls, (start, end))

    start = property(lambda self: self[0])
    end = property(lambda self: self[1])

    @classmethod
    def exact(cls, at):
        return cls(at, at)

    def __repr__(self):
        return "DataInterval(start=%r, end=%r)" % (self.start, self.end)


class TimeRestriction(tuple):
    """Airflow's ``TimeRestriction(earliest, latest, catchup)``: the DAG's start_date, end_date and catchup."""

    __slots__ = ()

    def __new__(cls, earliest, latest, catchup):
        return tuple.__new__(cls, (earliest, latest, catchup))

    earliest = property(lambda self: self[0])
    latest = property(lambda self: self[1])
    catchup = property(lambda self: self[2])


class DagRunInfo(tuple):
    """Airflow's ``DagRunInfo(run_after, data_interval)``: a run a timetable proposes; its logical date is the
    start of its data interval."""

    __slots__ = ()

    def __new__(cls, run_after, data_interval):
        return tuple.__new__(cls, (run_after, data_interval))

    run_after = property(lambda self: self[0])
    data_interval = property(lambda self: self[1])

    @property
    def logical_date(self):
        return self.data_interval.start

    @classmethod
    def exact(cls, at):
        return cls(run_after=at, data_interval=DataInterval.exact(at))

    @classmethod
    def interval(cls, start, end):
        return cls(run_after=end, data_interval=DataInterval(start, end))

    def __repr__(self):
        return "DagRunInfo(run_after=%r, data_interval=%r)" % (self.run_after, self.data_interval)


# How far a DAG file's own timetable is evaluated ahead when the file is parsed (see evaluate_ahead).
AHEAD = _dt.timedelta(days=92)
MAX_RUNS = 1000


def _utc(value):
    """A datetime as the aware UTC datetime Airflow hands timetables (pendulum's when the file uses pendulum)."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        offset = value.utcoffset()
        value = value.replace(tzinfo=None) - offset if offset else value.replace(tzinfo=None)
    elif not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    import sys

    pendulum = sys.modules.get("pendulum")
    if pendulum is not None:
        return pendulum.datetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                                 value.microsecond, tz="UTC")
    return value.replace(tzinfo=_dt.timezone.utc)


def evaluate_ahead(timetable, dag):
    """The DagSpec schedule of a ``Timetable`` subclass written in the DAG file. The Java scheduler cannot call
    Python at every decision, so the runs the timetable proposes are computed now: ``next_dagrun_info`` is called
    as Airflow's scheduler calls it, each time with the data interval of the run before, until it answers None,
    a run is due more than ``AHEAD`` from now, or ``MAX_RUNS`` runs are known. An exception, or a run that does not
    come after the one before, makes the file an import error."""
    from airflow.sdk._serialize import _instant

    name = type(timetable).__name__
    restriction = TimeRestriction(_utc(dag.start_date), _utc(dag.end_date), bool(dag.catchup))
    horizon = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None) + AHEAD
    infos = []
    last = None
    previous = None
    while len(infos) < MAX_RUNS:
        try:
            info = timetable.next_dagrun_info(last_automated_data_interval=last, restriction=restriction)
        except Exception as e:
            raise AirflowException("DAG %r: its timetable %s failed in next_dagrun_info(last_automated_data_interval="
                                   "%r): %s: %s" % (dag.dag_id, name, last, type(e).__name__, e)) from e
        if info is None:
            break
        interval = getattr(info, "data_interval", None)
        run_after = getattr(info, "run_after", None)
        if interval is None or run_after is None:
            raise AirflowException("DAG %r: its timetable %s's next_dagrun_info returned %r, not a DagRunInfo (from "
                                   "airflow.timetables.base) or None" % (dag.dag_id, name, info))
        entry = {"logical_date": _instant(interval.start), "data_interval_start": _instant(interval.start),
                 "data_interval_end": _instant(interval.end), "run_after": _instant(run_after)}
        if previous is not None and entry["logical_date"] <= previous:
            raise AirflowException("DAG %r: its timetable %s's next_dagrun_info proposed a run at %s after the one "
                                   "at %s: each run must come after the one before" % (dag.dag_id, name,
                                                                                      entry["logical_date"], previous))
        previous = entry["logical_date"]
        infos.append(entry)
        if _utc(run_after).replace(tzinfo=None) > horizon:
            break
        last = DataInterval(interval.start, interval.end)
    return _schedule("custom", expression=getattr(timetable, "summary", name) or name, infos=infos)


class Timetable:
    """Base class. Aloft's own timetables (below) are run by the Java scheduler; a subclass written in a DAG file
    is evaluated ahead when the file is parsed (``evaluate_ahead``)."""

    description = ""
    periodic = True
    can_be_scheduled = True
    run_ordering = ("data_interval_end", "logical_date")

    @property
    def summary(self):
        return type(self).__name__

    _aloft_custom = True  # Aloft's own timetables say False

    def _aloft_schedule(self):
        raise AirflowException("timetable %s, written in the DAG file, can only be a DAG's schedule itself (Aloft "
                               "evaluates it ahead with its DAG's start_date and catchup), not part of another "
                               "schedule such as DatasetOrTimeSchedule" % type(self).__name__)

    def next_dagrun_info(self, *, last_automated_data_interval, restriction):
        raise NotImplementedError("%s must implement next_dagrun_info" % type(self).__name__)

    def infer_manual_data_interval(self, *, run_after):
        raise NotImplementedError("%s must implement infer_manual_data_interval" % type(self).__name__)

    def validate(self):
        pass


class NullTimetable(Timetable):
    _aloft_custom = False
    periodic = False
    can_be_scheduled = False

    def _aloft_schedule(self):
        return _schedule("none")


class OnceTimetable(Timetable):
    _aloft_custom = False
    periodic = False

    def _aloft_schedule(self):
        return _schedule("once", expression="@once")


class ContinuousTimetable(Timetable):
    _aloft_custom = False
    periodic = False

    def _aloft_schedule(self):
        return _schedule("continuous", expression="@continuous")


class CronDataIntervalTimetable(Timetable):
    """Runs after each cron interval ends, covering it (what ``schedule="0 6 * * *"`` means)."""
    _aloft_custom = False

    def __init__(self, cron, timezone):
        self._expression = str(cron)
        self._cron = _cron_text(cron)
        self._timezone = _zone_name(timezone)

    @property
    def summary(self):
        return self._expression

    def _aloft_schedule(self):
        return _schedule("cron", self._cron, expression=self._expression, timezone=self._timezone)


class DeltaDataIntervalTimetable(Timetable):
    _aloft_custom = False
    def __init__(self, delta):
        if not isinstance(delta, _dt.timedelta):
            raise AirflowException("DeltaDataIntervalTimetable needs a datetime.timedelta; relativedelta "
                                   "schedules are not supported by Aloft")
        if delta.total_seconds() <= 0:
            raise AirflowException("schedule interval must be positive, not %r" % (delta,))
        self._delta = delta

    @property
    def summary(self):
        return str(self._delta)

    def _aloft_schedule(self):
        return _schedule("timedelta", seconds=self._delta.total_seconds(), expression=str(self._delta))


class CronTriggerTimetable(Timetable):
    """A run at each cron fire time; its data interval is ``interval`` long and ends there (zero by default)."""
    _aloft_custom = False

    def __init__(self, cron, *, timezone, interval=_dt.timedelta(), run_immediately=False):
        if not isinstance(interval, _dt.timedelta):
            raise AirflowException("CronTriggerTimetable's interval must be a datetime.timedelta; relativedelta "
                                   "is not supported by Aloft")
        self._expressions = [str(cron)]
        self._crons = [_cron_text(cron)]
        self._timezone = _zone_name(timezone)
        self._interval = interval

    @property
    def summary(self):
        return ", ".join(self._expressions)

    def _aloft_schedule(self):
        return _schedule("cron_trigger", self._crons[0], self._interval.total_seconds(),
                         ", ".join(self._expressions), crons=list(self._crons), timezone=self._timezone)


class DeltaTriggerTimetable(Timetable):
    """A run every ``delta``, due at its fire time; its data interval is ``interval`` long and ends there."""
    _aloft_custom = False

    def __init__(self, delta, *, interval=_dt.timedelta()):
        for name, value in (("delta", delta), ("interval", interval)):
            if not isinstance(value, _dt.timedelta):
                raise AirflowException("DeltaTriggerTimetable's %s must be a datetime.timedelta; relativedelta is "
                                       "not supported by Aloft" % name)
        if delta.total_seconds() <= 0:
            raise AirflowException("schedule interval must be positive, not %r" % (delta,))
        self._delta = delta
        self._interval = interval

    @property
    def summary(self):
        return str(self._delta)

    def _aloft_schedule(self):
        return _schedule("delta_trigger", seconds=self._delta.total_seconds(), expression=str(self._delta),
                         interval_seconds=self._interval.total_seconds())


class MultipleCronTriggerTimetable(CronTriggerTimetable):
    """Airflow 3: several cron expressions, runs at every fire time of any of them."""

    def __init__(self, *crons, timezone, interval=_dt.timedelta(), run_immediately=False):
        if not crons:
            raise AirflowException("MultipleCronTriggerTimetable needs at least one cron expression")
        super().__init__(crons[0], timezone=timezone, interval=interval)
        self._expressions = [str(c) for c in crons]
        self._crons = [_cron_text(c) for c in crons]


class EventsTimetable(Timetable):
    """One run at each of ``event_dates`` (datetimes)."""
    _aloft_custom = False

    periodic = False

    def __init__(self, event_dates, restrict_to_events=False, presorted=False, description=None):
        self.event_dates = list(event_dates) if presorted else sorted(event_dates)
        if not self.event_dates:
            raise AirflowException("EventsTimetable needs at least one event date")
        self.restrict_to_events = restrict_to_events
        self.description = description or "%d events" % len(self.event_dates)

    @property
    def summary(self):
        return self.description

    def _aloft_schedule(self):
        from airflow.sdk._serialize import _instant

        return _schedule("events", expression=self.description, events=[_instant(d) for d in self.event_dates],
                         restrict_to_events=bool(self.restrict_to_events))
