# A parent DAG whose ExternalTaskMarker names the child's sensor, and a child whose sensors wait, in reschedule
# mode, for the parent's marker task and for a task group of the parent at the same logical date (the shape of
# Airflow's external task marker example). The child triggers the parent at its own logical date first; all ends
# in success. Clearing the marker (tested in ExternalTaskMarkerIT) would clear the child's sensor too.
# expect-run: success
# expect-state: start_parent success
# expect-state: child_task1 success
# expect-state: child_task2 success
# expect-state: child_task3 success
# expect-log: child_task1: Poking for task(s) [parent_task] in DAG marker_parent
# expect-log: child_task2: Poking for task_group 'parent_tg' in DAG marker_parent
import pendulum

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator
from airflow.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sensors.external_task import ExternalTaskMarker, ExternalTaskSensor
from airflow.utils.task_group import TaskGroup

START = pendulum.datetime(2024, 1, 1, tz="UTC")

with DAG("marker_parent", start_date=START, schedule=None, is_paused_upon_creation=False):
    parent_task = ExternalTaskMarker(task_id="parent_task", external_dag_id="external_task_marker",
                                     external_task_id="child_task1")
    with TaskGroup("parent_tg") as parent_tg:
        BashOperator(task_id="work", bash_command="echo parent work")
    parent_task >> parent_tg

with DAG("external_task_marker", start_date=START, schedule=None):
    start = TriggerDagRunOperator(task_id="start_parent", trigger_dag_id="marker_parent", logical_date="{{ ts }}")
    child_task1 = ExternalTaskSensor(task_id="child_task1", external_dag_id="marker_parent",
                                     external_task_id="parent_task", timeout=600, allowed_states=["success"],
                                     failed_states=["failed", "skipped"], mode="reschedule", poke_interval=1)
    child_task2 = ExternalTaskSensor(task_id="child_task2", external_dag_id="marker_parent",
                                     external_task_group_id="parent_tg", timeout=600, allowed_states=["success"],
                                     failed_states=["failed", "skipped"], mode="reschedule", poke_interval=1)
    child_task3 = EmptyOperator(task_id="child_task3")
    start >> child_task1 >> child_task2 >> child_task3
