from airflow.sdk._decorators import _PythonDecoratedOperator, task as python_task  # noqa: F401
