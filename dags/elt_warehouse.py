"""A small ELT pipeline against PostgreSQL with Airflow's SQL provider: create the tables, load raw orders for the
run's day, transform them with a templated .sql file, check the result, and report.

It needs a connection `warehouse` of type postgres. Against the embedded PostgreSQL of a running
`./aloft standalone` (data directory ~/.aloft):

    ALOFT_CONN_WAREHOUSE="postgres://postgres@localhost:$(cat ~/.aloft/postgres.port)/postgres" \\
        ./aloft dags test elt_warehouse

or store it once: `./aloft connections add warehouse --conn-uri postgres://user:password@host:5432/database`.
"""

import pendulum

from airflow import DAG
from airflow.decorators import task
from airflow.providers.common.sql.operators.sql import (SQLCheckOperator, SQLExecuteQueryOperator,
                                                        SQLThresholdCheckOperator, SQLValueCheckOperator)


def report_failure(context):
    print("ELT run %s failed (%s)" % (context["run_id"], context["reason"]))


with DAG(
    "elt_warehouse",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    schedule=None,
    catchup=False,
    tags=["example", "sql"],
    params={"min_amount": 0},
    default_args={"conn_id": "warehouse", "retries": 0},
    on_failure_callback=report_failure,
):
    create = SQLExecuteQueryOperator(
        task_id="create_tables",
        split_statements=True,
        sql="""
            CREATE TABLE IF NOT EXISTS elt_raw_orders (
                order_id int PRIMARY KEY, order_day date NOT NULL, region text NOT NULL, amount numeric NOT NULL);
            CREATE TABLE IF NOT EXISTS elt_daily_revenue (
                day date NOT NULL, region text NOT NULL, orders int NOT NULL, revenue numeric NOT NULL,
                PRIMARY KEY (day, region));
        """,
    )

    # Extract/load: ten orders for the run's day (a real pipeline would copy them from a source system).
    load = SQLExecuteQueryOperator(
        task_id="load_raw_orders",
        split_statements=True,
        sql="""
            DELETE FROM elt_raw_orders WHERE order_day = %(day)s::date;
            INSERT INTO elt_raw_orders (order_id, order_day, region, amount)
            SELECT (extract(epoch FROM %(day)s::date)::bigint / 86400) * 100 + n, %(day)s::date,
                   CASE WHEN n %% 2 = 0 THEN 'north' ELSE 'south' END, n * 10
            FROM generate_series(1, 10) AS n;
        """,
        parameters={"day": "{{ ds }}"},
    )

    transform = SQLExecuteQueryOperator(task_id="transform", sql="sql/elt_transform.sql", split_statements=True)

    has_rows = SQLCheckOperator(
        task_id="check_rows", sql="SELECT count(*) FROM elt_daily_revenue WHERE day = '{{ ds }}'")
    total = SQLValueCheckOperator(
        task_id="check_total", sql="SELECT sum(revenue) FROM elt_daily_revenue WHERE day = '{{ ds }}'",
        pass_value=550, tolerance=0.01)
    regions = SQLThresholdCheckOperator(
        task_id="check_regions", sql="SELECT count(DISTINCT region) FROM elt_daily_revenue WHERE day = '{{ ds }}'",
        min_threshold=1, max_threshold="SELECT count(DISTINCT region) FROM elt_raw_orders")

    revenue = SQLExecuteQueryOperator(
        task_id="query_revenue",
        sql="SELECT region, orders, revenue FROM elt_daily_revenue WHERE day = '{{ ds }}' ORDER BY region",
    )

    @task
    def report(rows, ds=None):
        for region, orders, amount in rows:
            print("%s %s: %s orders, revenue %s" % (ds, region, orders, amount))
        return {region: float(amount) for region, _, amount in rows}

    create >> load >> transform >> [has_rows, total, regions] >> revenue
    report(revenue.output)
