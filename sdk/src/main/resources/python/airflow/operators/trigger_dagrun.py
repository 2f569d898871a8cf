from airflow.sdk._crossdag import TriggerDagRunOperator  # noqa: F401
from airflow.sdk._exceptions import DagRunAlreadyExists  # noqa: F401

XCOM_RUN_ID = "trigger_run_id"
XCOM_EXECUTION_DATE_ISO = "trigger_execution_date_iso"
XCOM_LOGICAL_DATE_ISO = "trigger_logical_date_iso"
