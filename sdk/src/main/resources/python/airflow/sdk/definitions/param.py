from airflow.sdk._core import Param, ParamsDict  # noqa: F401
