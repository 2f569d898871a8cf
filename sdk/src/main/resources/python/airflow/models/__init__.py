from airflow.sdk._core import DAG, BaseOperator, Param, XComArg  # noqa: F401
from airflow.sdk._operators import BaseSensorOperator as _BaseSensorOperator  # noqa: F401
from airflow.sdk._variable import Variable  # noqa: F401
