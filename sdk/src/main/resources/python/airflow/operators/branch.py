from airflow.sdk._operators import BaseBranchOperator, BranchMixIn  # noqa: F401
