from airflow.sdk._branching import BranchDateTimeOperator  # noqa: F401
