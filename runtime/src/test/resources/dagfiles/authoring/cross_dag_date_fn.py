# A controller/target pair in the manner of Airflow's trigger controller and target examples, then
# ExternalTaskSensor with execution_date_fn: the function runs in the task's Python context at each try, gets the
# run's logical date (and the context keys it names) and returns the target run's logical date(s), naive or aware.
# expect-run: success
# expect-state: trigger success
# expect-state: sense_by_fn success
# expect-state: sense_by_fn_with_context success
# expect-state: marker success
# expect-log: trigger: date_fn_target finished with allowed state success
# expect-log: sense_by_fn: Poking for task(s) [run_this] in DAG date_fn_target on 2024-03-01T06:00:00Z
# expect-log: sense_by_fn_with_context: Poking for task(s) [bash_task] in DAG date_fn_target on 2024-03-01T06:00:00Z
import datetime

import pendulum

from airflow import DAG
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sensors.external_task import ExternalTaskMarker, ExternalTaskSensor

TARGET_DATE = pendulum.datetime(2024, 3, 1, 6, tz="UTC")

with DAG("date_fn_target", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None,
         is_paused_upon_creation=False):

    @task(task_id="run_this")
    def run_this(dag_run=None):
        print("Remotely received value of %s for key=message" % dag_run.conf.get("message"))

    run_this() >> BashOperator(task_id="bash_task", bash_command="echo \"Here is the message: $message\"",
                               env={"message": "{{ dag_run.conf['message'] }}"})


def _target_date(logical_date):
    assert isinstance(logical_date, datetime.datetime), logical_date
    return TARGET_DATE


def _target_dates(logical_date, dag_run, params):
    assert dag_run.run_id.startswith("manual__"), dag_run.run_id
    return [datetime.datetime(2024, 3, 1, 6)]  # naive: UTC, as Airflow's default timezone


with DAG("cross_dag_date_fn", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    trigger = TriggerDagRunOperator(task_id="trigger", trigger_dag_id="date_fn_target",
                                    conf={"message": "Hello World"}, logical_date=TARGET_DATE.isoformat(),
                                    wait_for_completion=True, poke_interval=0.5)
    by_fn = ExternalTaskSensor(task_id="sense_by_fn", external_dag_id="date_fn_target", external_task_id="run_this",
                               execution_date_fn=_target_date, poke_interval=0.5, timeout=60)
    by_fn_with_context = ExternalTaskSensor(task_id="sense_by_fn_with_context", external_dag_id="date_fn_target",
                                            external_task_ids=["bash_task"], execution_date_fn=_target_dates,
                                            mode="reschedule", poke_interval=1, timeout=60)
    marker = ExternalTaskMarker(task_id="marker", external_dag_id="date_fn_target", external_task_id="run_this",
                                execution_date=TARGET_DATE.isoformat())
    trigger >> [by_fn, by_fn_with_context] >> marker
