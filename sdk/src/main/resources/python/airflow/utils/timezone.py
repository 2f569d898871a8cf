from airflow.sdk._dates import (coerce_datetime, convert_to_utc, datetime, is_localized, is_naive,  # noqa: F401
                                make_aware, make_naive, parse, utc, utcnow)
