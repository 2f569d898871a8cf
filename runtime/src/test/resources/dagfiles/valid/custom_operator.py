import logging
from datetime import datetime

from airflow import DAG
from airflow.exceptions import AirflowFailException, AirflowSkipException
from airflow.models.baseoperator import BaseOperator
from airflow.operators.python import PythonOperator
from airflow.sensors.base import BaseSensorOperator, PokeReturnValue
from airflow.sensors.python import PythonSensor

log = logging.getLogger(__name__)


class HelloOperator(BaseOperator):
    template_fields = ("name",)
    ui_color = "#abcdef"

    def __init__(self, name: str, greeting: str = "Hello", **kwargs) -> None:
        super().__init__(**kwargs)
        self.name = name
        self.greeting = greeting

    def execute(self, context):
        message = f"{self.greeting} {self.name} on {context['ds']}"
        print(message)
        log.info("logged %s", self.name)
        context["ti"].xcom_push(key="extra", value={"n": 1})
        return message


class CountSensor(BaseSensorOperator):
    def __init__(self, target, **kwargs):
        super().__init__(**kwargs)
        self.target = target

    def poke(self, context):
        seen = context["ti"].xcom_pull(task_ids="hello", key="extra")
        return PokeReturnValue(is_done=seen is not None, xcom_value=self.target)


def pull(ti, dag_run, params, **context):
    value = ti.xcom_pull(task_ids="hello")
    both = ti.xcom_pull(task_ids=["hello", "count"])
    return {"pulled": value, "both": both, "conf": dag_run.conf.get("x"), "p": params.get("p")}


def skip():
    raise AirflowSkipException("nothing to do")


def fail_hard():
    raise AirflowFailException("broken for good")


def fail_soft():
    raise ValueError("try again")


with DAG("custom_operator", start_date=datetime(2024, 1, 1), schedule="@once", params={"p": 1},
         default_args={"retries": 1}) as dag:
    hello = HelloOperator(task_id="hello", name="{{ dag_run.conf['who'] }}")
    count = CountSensor(task_id="count", target=3, poke_interval=5, timeout=60)
    puller = PythonOperator(task_id="pull", python_callable=pull)
    PythonSensor(task_id="py_sensor", python_callable=lambda x: x > 1, op_args=[2])
    PythonOperator(task_id="skip", python_callable=skip)
    PythonOperator(task_id="fail_hard", python_callable=fail_hard)
    PythonOperator(task_id="fail_soft", python_callable=fail_soft)
    hello >> count >> puller
