"""``airflow.utils.context``: ``Context``, the type DAG files annotate ``execute(self, context: Context)`` with (a
dict of the task's context values in Aloft), and ``get_current_context``."""
from airflow.sdk._operators import get_current_context  # noqa: F401

Context = dict
