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


def parse(text, timezone=None, strict=False):
    """``timezone.parse``: an ISO-8601 text as an aware datetime (naive texts in ``timezone``, else UTC)."""
    value = _dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone or utc)


def is_localized(value):
    return value.utcoffset() is not None


def is_naive(value):
    return value.utcoffset() is None


def convert_to_utc(value):
    if value is None:
        return None
    return make_aware(value).astimezone(utc)


def coerce_datetime(value, tz=None):
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return make_aware(value, tz)
    return _dt.datetime(value.year, value.month, value.day, tzinfo=tz or utc)


def make_naive(value, timezone=None):
    if value.tzinfo is None:
        return value
    return value.astimezone(timezone or utc).replace(tzinfo=None)
