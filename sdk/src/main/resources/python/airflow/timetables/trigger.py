from airflow.sdk._timetables import CronTriggerTimetable, MultipleCronTriggerTimetable  # noqa: F401
