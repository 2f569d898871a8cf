from airflow.sdk._operators import BaseBranchOperator  # noqa: F401
