"""``airflow.utils.dates`` / ``airflow.utils.timezone`` helpers, on the standard library (UTC-aware)."""

import datetime as _dt

utc = _dt.timezone.utc


def utcnow():
    return _dt.datetime.now(utc)


def days_ago(n, hour=0, minute=0, second=0, microsecond=0):
    """Midnight UTC ``n`` days ago (deprecated in Airflow, still common in DAG files)."""
    today = utcnow().replace(hour=hour, minute=minute, second=second, microsecond=microsecond)
    return today - _dt.timedelta(days=n)


def datetime(*args, **kwargs):
    kwargs.setdefault("tzinfo", utc)
    return _dt.datetime(*args, **kwargs)


def make_aware(value, timezone=None):
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone or utc)


def parse_execution_date(text):
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
