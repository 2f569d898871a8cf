from airflow.sdk._timetables import Timetable  # noqa: F401
