from airflow.sdk._core import DAG, BaseOperator, Param, XComArg  # noqa: F401
from airflow.sdk._operators import BaseSensorOperator as _BaseSensorOperator  # noqa: F401
from airflow.sdk._variable import Variable  # noqa: F401


def __getattr__(name):
    # Type-hint names, resolved on first use: the task runner's module is off the DAG-file import path.
    if name in ("TaskInstance", "DagRun"):
        from airflow.sdk import _runner

        return getattr(_runner, name)
    if name == "DagBag":
        from airflow.sdk._models import DagBag

        return DagBag
    raise AttributeError("module 'airflow.models' has no attribute %r" % name)
