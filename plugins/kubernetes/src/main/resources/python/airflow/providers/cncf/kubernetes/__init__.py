"""``airflow.providers.cncf.kubernetes``: KubernetesPodOperator and Secret, run by Aloft's kubernetes plugin."""
