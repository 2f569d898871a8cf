from airflow.sdk._variable import Variable  # noqa: F401
