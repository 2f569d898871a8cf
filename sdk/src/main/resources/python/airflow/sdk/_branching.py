"""Date- and weekday-based branching and the DateTimeSensor: Python-run operators on BaseBranchOperator and
BaseSensorOperator, with Airflow 2.10's comparisons."""

import datetime as _dt

from airflow.sdk import _dates
from airflow.sdk._exceptions import AirflowException
from airflow.sdk._operators import BaseBranchOperator, BaseSensorOperator, WeekDay, _canonical


def _now(context, use_logical_date):
    return context["logical_date"] if use_logical_date else _dates.utcnow()


def _zone(task):
    start = task.dag.start_date if task.dag is not None else None
    return getattr(start, "tzinfo", None) or _dates.utc


@_canonical("airflow.operators.datetime")
class BranchDateTimeOperator(BaseBranchOperator):
    """Follows ``follow_task_ids_if_true`` when now (or the logical date) lies within
    ``[target_lower, target_upper]`` (datetimes, or times of the same day; either may be None)."""

    def __init__(self, *, follow_task_ids_if_true, follow_task_ids_if_false, target_lower=None, target_upper=None,
                 use_task_logical_date=False, use_task_execution_date=False, **kwargs):
        super().__init__(**kwargs)
        if target_lower is None and target_upper is None:
            raise AirflowException("Both target_upper and target_lower are None. At least one must be defined "
                                   "to be compared to the current datetime")
        self.follow_task_ids_if_true = follow_task_ids_if_true
        self.follow_task_ids_if_false = follow_task_ids_if_false
        self.target_lower = target_lower
        self.target_upper = target_upper
        self.use_task_logical_date = use_task_logical_date or use_task_execution_date

    def choose_branch(self, context):
        now = _dates.make_aware(_now(context, self.use_task_logical_date))
        zone = _zone(self)
        lower, upper = self.target_lower, self.target_upper
        base = now.astimezone(zone).date()
        if isinstance(lower, _dt.time):
            lower = _dt.datetime.combine(base, lower)
        if isinstance(upper, _dt.time):
            upper = _dt.datetime.combine(base, upper)
            if lower is not None and upper < lower:
                upper += _dt.timedelta(days=1)
        lower = _dates.make_aware(lower, zone) if lower is not None else None
        upper = _dates.make_aware(upper, zone) if upper is not None else None
        if (upper is not None and upper < now) or (lower is not None and lower > now):
            return self.follow_task_ids_if_false
        return self.follow_task_ids_if_true


def _week_days(week_day):
    if isinstance(week_day, str):
        return {WeekDay.get_weekday_number(week_day)}
    if isinstance(week_day, WeekDay):
        return {week_day.value}
    days = set()
    for day in week_day:
        days.add(WeekDay.get_weekday_number(day) if isinstance(day, str) else int(day))
    return days


@_canonical("airflow.operators.weekday")
class BranchDayOfWeekOperator(BaseBranchOperator):
    """Follows ``follow_task_ids_if_true`` on the given week days (names, WeekDay values, or a set of them)."""

    def __init__(self, *, follow_task_ids_if_true, follow_task_ids_if_false, week_day, use_task_logical_date=False,
                 use_task_execution_day=False, **kwargs):
        super().__init__(**kwargs)
        self.follow_task_ids_if_true = follow_task_ids_if_true
        self.follow_task_ids_if_false = follow_task_ids_if_false
        self.week_day = week_day
        self._week_day_num = _week_days(week_day)
        self.use_task_logical_date = use_task_logical_date or use_task_execution_day

    def choose_branch(self, context):
        now = _now(context, self.use_task_logical_date)
        if now.isoweekday() in self._week_day_num:
            return self.follow_task_ids_if_true
        return self.follow_task_ids_if_false


@_canonical("airflow.sensors.date_time")
class DateTimeSensor(BaseSensorOperator):
    """Waits until ``target_time`` (a datetime, or a templated ISO-8601 string) has passed."""

    template_fields = ("target_time",)

    def __init__(self, *, target_time, **kwargs):
        super().__init__(**kwargs)
        if isinstance(target_time, _dt.datetime):
            self.target_time = target_time.isoformat()
        elif isinstance(target_time, str):
            self.target_time = target_time
        else:
            raise TypeError("Expected str or datetime.datetime type for target_time. Got %s"
                            % type(target_time).__name__)

    def poke(self, context):
        print("Checking if the time (%s) has come" % self.target_time)
        return _dates.utcnow() > _dates.parse(self.target_time)


@_canonical("airflow.sensors.date_time")
class DateTimeSensorAsync(DateTimeSensor):
    """Waits for ``target_time`` in Aloft's triggerer (a DateTimeTrigger): the task holds no slot meanwhile."""

    _aloft_kind = "execute"  # it defers from execute() and never pokes

    def __init__(self, *, target_time, start_from_trigger=False, end_from_trigger=False, trigger_kwargs=None,
                 **kwargs):
        super().__init__(target_time=target_time, **kwargs)

    def execute(self, context):
        from airflow.triggers.temporal import DateTimeTrigger
        moment = _dates.parse(self.target_time)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_dt.timezone.utc)
        self.defer(trigger=DateTimeTrigger(moment=moment), method_name="execute_complete")

    def execute_complete(self, context, event=None):
        return None
