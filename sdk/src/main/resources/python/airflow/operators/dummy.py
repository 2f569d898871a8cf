from airflow.sdk._operators import DummyOperator, EmptyOperator  # noqa: F401
