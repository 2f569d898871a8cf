"""Aloft's shim of the apache-airflow-providers-docker package: the operator runs in Java (plugin 'docker')."""
