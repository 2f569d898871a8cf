"""Airflow's common SQL provider: operators that Aloft runs over JDBC in Java."""
