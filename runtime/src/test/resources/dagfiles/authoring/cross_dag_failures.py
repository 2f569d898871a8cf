# The failure paths of the cross-DAG operators: a triggered run that fails fails the waiting task; an
# ExternalTaskSensor whose target task failed fails at once (failed_states) instead of waiting out its timeout;
# one that names a task the other DAG does not have fails at once with check_existence.
# expect-run: failed
# expect-state: trigger failed
# expect-state: sense_failed failed
# expect-state: sense_missing failed
# expect-log: trigger: cross_dag_failures_target failed with failed states failed
# expect-log: sense_failed: The external task(s) [breaks] in DAG cross_dag_failures_target failed.
# expect-log: sense_missing: The external task nope in DAG cross_dag_failures_target does not exist.
import pendulum

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sensors.external_task import ExternalTaskSensor
from airflow.utils.trigger_rule import TriggerRule

with DAG("cross_dag_failures_target", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None,
         is_paused_upon_creation=False):
    BashOperator(task_id="breaks", bash_command="exit 3")

with DAG("cross_dag_failures", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    trigger = TriggerDagRunOperator(task_id="trigger", trigger_dag_id="cross_dag_failures_target",
                                    logical_date="{{ ts }}", wait_for_completion=True, poke_interval=0.5)
    sense_failed = ExternalTaskSensor(task_id="sense_failed", external_dag_id="cross_dag_failures_target",
                                      external_task_id="breaks", failed_states=["failed"], poke_interval=0.5,
                                      timeout=600, trigger_rule=TriggerRule.ALL_DONE)
    sense_missing = ExternalTaskSensor(task_id="sense_missing", external_dag_id="cross_dag_failures_target",
                                       external_task_id="nope", check_existence=True, poke_interval=0.5, timeout=600,
                                       trigger_rule=TriggerRule.ALL_DONE)
    trigger >> [sense_failed, sense_missing]
