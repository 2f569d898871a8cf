from airflow.sdk._crossdag import ExternalTaskMarker, ExternalTaskSensor  # noqa: F401
