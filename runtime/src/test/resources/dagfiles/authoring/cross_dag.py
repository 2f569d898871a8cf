# Cross-DAG operators as Airflow users write them: TriggerDagRunOperator starts another DAG's run with a templated
# conf at this run's logical date and waits for it; ExternalTaskSensor then finds that run's task (and the whole
# run) at the same logical date; a second trigger of the same date is skipped (skip_when_already_exists) and a third
# clears and re-runs it (reset_dag_run). The triggered run id reaches a Python task through XCom.
# expect-run: success
# expect-state: trigger success
# expect-state: trigger_again skipped
# expect-state: sense_task success
# expect-state: sense_run success
# expect-state: reset success
# expect-state: report success
# expect-state: marker success
# expect-log: trigger: Triggered DAG cross_dag_target run
# expect-log: trigger: cross_dag_target finished with allowed state success
# expect-log: reset: Cleared existing run
# expect-log: report: triggered run: manual__
import pendulum

from airflow import DAG
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sensors.external_task import ExternalTaskMarker, ExternalTaskSensor

with DAG("cross_dag_target", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None,
         is_paused_upon_creation=False):
    BashOperator(task_id="echo", bash_command="echo 'message: {{ dag_run.conf[\"msg\"] }}'")

with DAG("cross_dag", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None) as dag:
    trigger = TriggerDagRunOperator(
        task_id="trigger", trigger_dag_id="cross_dag_target", conf={"msg": "sent by {{ dag.dag_id }}"},
        logical_date="{{ ts }}", wait_for_completion=True, poke_interval=0.5)
    trigger_again = TriggerDagRunOperator(
        task_id="trigger_again", trigger_dag_id="cross_dag_target", logical_date="{{ ts }}",
        skip_when_already_exists=True)
    sense_task = ExternalTaskSensor(task_id="sense_task", external_dag_id="cross_dag_target", external_task_id="echo",
                                    poke_interval=0.5, timeout=60, check_existence=True)
    sense_run = ExternalTaskSensor(task_id="sense_run", external_dag_id="cross_dag_target", poke_interval=0.5,
                                   timeout=60, allowed_states=["success"])
    reset = TriggerDagRunOperator(task_id="reset", trigger_dag_id="cross_dag_target", logical_date="{{ ts }}",
                                  reset_dag_run=True, wait_for_completion=True, poke_interval=0.5)

    @task
    def report(ti=None):
        print("triggered run:", ti.xcom_pull(task_ids="trigger", key="trigger_run_id"))

    marker = ExternalTaskMarker(task_id="marker", external_dag_id="cross_dag_target", external_task_id="echo")
    trigger >> trigger_again
    trigger >> [sense_task, sense_run] >> reset >> report() >> marker
