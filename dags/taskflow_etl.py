"""TaskFlow ETL: @dag and @task with XCom passing, multiple_outputs and dynamic task mapping."""
import json

import pendulum

from airflow.decorators import dag, task
from airflow.models.param import Param


@dag(
    schedule=None,
    start_date=pendulum.datetime(2021, 1, 1, tz="UTC"),
    catchup=False,
    tags=["example"],
    params={"multiplier": Param(2, type="integer", minimum=1, description="scales the mapped values")},
)
def taskflow_etl():
    @task()
    def extract():
        data_string = '{"1001": 301.27, "1002": 433.21, "1003": 502.22}'
        return json.loads(data_string)

    @task(multiple_outputs=True)
    def transform(order_data_dict: dict):
        total_order_value = 0
        for value in order_data_dict.values():
            total_order_value += value
        return {"total_order_value": total_order_value, "count": len(order_data_dict)}

    @task
    def scale(value, **context):
        return value * context["params"]["multiplier"]

    @task()
    def load(total_order_value: float, scaled: list):
        print(f"Total order value is: {total_order_value:.2f}; scaled: {scaled}")
        return round(total_order_value, 2)

    order_data = extract()
    order_summary = transform(order_data)
    scaled = scale.expand(value=[1, 2, 3])
    load(order_summary["total_order_value"], scaled)


taskflow_etl()
