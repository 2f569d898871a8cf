"""Airflow's PostgreSQL provider: the SQL operators over JDBC, connection type ``postgres``."""
