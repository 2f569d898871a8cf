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


class Timetable:
    """Base class. Aloft runs only the timetables below; a user's own subclass cannot run in the Java
    scheduler, so it fails at parse time."""

    description = ""
    periodic = True
    can_be_scheduled = True
    run_ordering = ("data_interval_end", "logical_date")

    @property
    def summary(self):
        return type(self).__name__

    def _aloft_schedule(self):
        raise AirflowException("custom timetable %s is not supported by Aloft: use a cron expression, a timedelta, "
                               "or one of airflow.timetables' CronDataIntervalTimetable, CronTriggerTimetable, "
                               "MultipleCronTriggerTimetable, DeltaDataIntervalTimetable, EventsTimetable"
                               % type(self).__name__)


class NullTimetable(Timetable):
    periodic = False
    can_be_scheduled = False

    def _aloft_schedule(self):
        return _schedule("none")


class OnceTimetable(Timetable):
    periodic = False

    def _aloft_schedule(self):
        return _schedule("once", expression="@once")


class ContinuousTimetable(Timetable):
    periodic = False

    def _aloft_schedule(self):
        return _schedule("continuous", expression="@continuous")


class CronDataIntervalTimetable(Timetable):
    """Runs after each cron interval ends, covering it (what ``schedule="0 6 * * *"`` means)."""

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
