import pendulum

from airflow import DAG
from airflow.models.param import Param
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator
from airflow.utils.task_group import TaskGroup
from airflow.models.baseoperator import chain, cross_downstream


def greet(params, **context):
    print("hello", params["name"])


with DAG(
    dag_id="groups_params",
    start_date=pendulum.datetime(2024, 5, 1, 6, 30, tz="Europe/Berlin"),
    end_date=pendulum.datetime(2025, 1, 1, tz="Europe/Berlin"),
    schedule="0 6 * * 1-5",
    max_active_tasks=4,
    dagrun_timeout=pendulum.duration(hours=2),
    is_paused_upon_creation=False,
    params={
        "name": "world",
        "count": Param(3, type="integer", minimum=1, maximum=10, description="how many"),
        "mode": Param("fast", enum=["fast", "slow"]),
        "required": Param(type="string"),
    },
    default_args={"owner": "data", "pool": "etl_pool", "priority_weight": 5, "retries": 2},
) as dag:
    start = EmptyOperator(task_id="start")
    with TaskGroup("extract", tooltip="extract things") as extract:
        a = EmptyOperator(task_id="a")
        b = EmptyOperator(task_id="b", pool_slots=2)
        a >> b
        with TaskGroup("inner", default_args={"retries": 5}) as inner:
            c = EmptyOperator(task_id="c")
        b >> inner
    with TaskGroup("load", prefix_group_id=False) as load:
        d = PythonOperator(task_id="d", python_callable=greet, op_kwargs={"who": "{{ params.name }}"})
        e = EmptyOperator(task_id="e", weight_rule="absolute")
    end = EmptyOperator(task_id="end", trigger_rule="all_done")
    x1, x2, y1, y2 = [EmptyOperator(task_id=n) for n in ("x1", "x2", "y1", "y2")]
    start >> extract >> load
    chain(load, [x1, x2], [y1, y2], end)
    cross_downstream([x1, x2], [end])
