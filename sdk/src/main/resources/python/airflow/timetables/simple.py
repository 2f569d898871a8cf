from airflow.sdk._timetables import ContinuousTimetable, NullTimetable, OnceTimetable  # noqa: F401
