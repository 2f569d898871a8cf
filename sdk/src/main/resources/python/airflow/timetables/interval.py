from airflow.sdk._timetables import CronDataIntervalTimetable, DeltaDataIntervalTimetable  # noqa: F401
