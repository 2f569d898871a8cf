from airflow.sdk._core import PlainXComArg, XComArg  # noqa: F401
