"""Airflow's SMTP provider: ``EmailOperator``, sent by Java over SMTP."""
