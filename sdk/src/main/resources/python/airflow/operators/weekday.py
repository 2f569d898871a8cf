from airflow.sdk._branching import BranchDayOfWeekOperator  # noqa: F401
