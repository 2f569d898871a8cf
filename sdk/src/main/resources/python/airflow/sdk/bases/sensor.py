from airflow.sdk._operators import BaseSensorOperator, PokeReturnValue  # noqa: F401
