"""Airflow's ``airflow.timetables.base``: the ``Timetable`` base class for a DAG file's own timetables and the
values they exchange with the scheduler."""

from airflow.sdk._timetables import DagRunInfo, DataInterval, Timetable, TimeRestriction  # noqa: F401
