"""Airflow's HTTP provider, in Python on the standard library (``urllib``): no ``requests`` needed."""
