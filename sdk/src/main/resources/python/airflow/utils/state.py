from airflow.sdk._states import DagRunState, State, TaskInstanceState  # noqa: F401
