# A Timetable subclass written in the DAG file (airflow.timetables.base: Timetable, DagRunInfo, DataInterval,
# TimeRestriction). Aloft evaluates its next_dagrun_info ahead when the file is parsed (each call given the data
# interval of the run before); a manual run gets the interval of the latest proposed run that has ended. Half-day
# intervals, without catchup starting at the latest complete one, as Airflow's own cron timetables do.
# expect-run: success
# expect-state: report success
# expect-log: report: interval of 12 hours starting at hour 0 or 12: True
# expect-log: report: ended before the run: True
from datetime import datetime, timedelta, timezone

from airflow.decorators import dag, task
from airflow.timetables.base import DagRunInfo, DataInterval, Timetable, TimeRestriction

HALF_DAY = timedelta(hours=12)


class HalfDays(Timetable):
    """Runs for [00:00, 12:00) and [12:00, 24:00) UTC, each once it has ended."""

    def _floor(self, moment):
        return moment.replace(hour=0 if moment.hour < 12 else 12, minute=0, second=0, microsecond=0)

    def infer_manual_data_interval(self, *, run_after):
        end = self._floor(run_after)
        return DataInterval(start=end - HALF_DAY, end=end)

    def next_dagrun_info(self, *, last_automated_data_interval, restriction: TimeRestriction):
        if last_automated_data_interval is not None:
            start = last_automated_data_interval.end
        elif restriction.earliest is None:
            return None
        elif not restriction.catchup:
            start = self._floor(datetime.now(timezone.utc)) - HALF_DAY
            start = max(start, self._floor(restriction.earliest))
        else:
            start = self._floor(restriction.earliest)
        if restriction.latest is not None and start > restriction.latest:
            return None
        return DagRunInfo.interval(start=start, end=start + HALF_DAY)


@task
def report(data_interval_start=None, data_interval_end=None, logical_date=None):
    length = data_interval_end - data_interval_start
    print("interval of 12 hours starting at hour 0 or 12: %s"
          % (length == HALF_DAY and data_interval_start.hour in (0, 12) and data_interval_start.minute == 0))
    print("ended before the run: %s" % (data_interval_end <= datetime.now(timezone.utc)))


@dag(schedule=HalfDays(), start_date=datetime(2024, 1, 1), catchup=False)
def timetable_custom():
    report()


timetable_custom()
