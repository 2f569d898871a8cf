from airflow.sdk import DAG, XComArg  # noqa: F401

__version__ = "2.10.5"
