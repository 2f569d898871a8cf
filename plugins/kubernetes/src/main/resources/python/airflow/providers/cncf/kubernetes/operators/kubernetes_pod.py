"""The provider's older module path for KubernetesPodOperator."""

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator  # noqa: F401
