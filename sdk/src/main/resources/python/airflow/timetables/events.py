from airflow.sdk._timetables import EventsTimetable  # noqa: F401
