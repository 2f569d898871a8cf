from airflow.sdk._dates import datetime, make_aware, utc, utcnow  # noqa: F401
