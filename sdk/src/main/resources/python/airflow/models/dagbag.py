from airflow.sdk._models import DagBag  # noqa: F401
