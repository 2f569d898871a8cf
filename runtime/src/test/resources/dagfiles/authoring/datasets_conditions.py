# Data-aware scheduling as Airflow's dataset examples exercise it, in a running daemon: consumers on one dataset, on
# all of a list, on `a | c`, on a dataset that is never updated, and on a timetable or a dataset
# (DatasetOrTimeSchedule). The tested DAG triggers the producer of `a`, checks which consumers ran (each run touches a
# file named after its DAG and run type next to this DAG file), then the producer of `b`, and checks again.
# expect-run: success
# expect-state: produce_a success
# expect-state: wait_for_a_consumers success
# expect-state: only_a_consumers_ran success
# expect-state: produce_b success
# expect-state: wait_for_b_consumers success
# expect-state: never_updated_never_ran success
# expect-log: only_a_consumers_ran: after a: ['consumer_a', 'consumer_a_or_c']
# expect-log: never_updated_never_ran: after b: ['consumer_a', 'consumer_a_or_c', 'consumer_all', 'consumer_b_or_time']
import os

import pendulum

from airflow import DAG
from airflow.datasets import Dataset
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sensors.python import PythonSensor
from airflow.timetables.datasets import DatasetOrTimeSchedule
from airflow.timetables.trigger import CronTriggerTimetable

HERE = os.path.dirname(os.path.abspath(__file__))
START = pendulum.datetime(2024, 1, 1, tz="UTC")
a = Dataset("s3://conditions/a.txt", extra={"hi": "bye"})
b = Dataset("s3://conditions/b.txt")
c = Dataset("s3://conditions/c.txt")
CONSUMERS = ("consumer_a", "consumer_all", "consumer_a_or_c", "consumer_never", "consumer_b_or_time")


def _ran():
    """The consumers that had a dataset-triggered run (the timetable's own runs do not count)."""
    return sorted(name for name in CONSUMERS if os.path.exists(os.path.join(HERE, name + ".dataset_triggered")))


for producer, dataset in (("producer_a", a), ("producer_b", b)):
    with DAG(producer, start_date=START, schedule=None, is_paused_upon_creation=False):
        BashOperator(task_id="produce", bash_command="echo producing", outlets=[dataset])

for consumer, schedule in (("consumer_a", [a]), ("consumer_all", [a, b]), ("consumer_a_or_c", a | c),
                           ("consumer_never", [a, Dataset("s3://conditions/never-updated")]),
                           ("consumer_b_or_time", DatasetOrTimeSchedule(
                               timetable=CronTriggerTimetable("0 0 1 1 *", timezone="UTC"), datasets=[b]))):
    with DAG(consumer, start_date=START, schedule=schedule, catchup=False, is_paused_upon_creation=False):
        BashOperator(task_id="consume", bash_command="touch " + os.path.join(HERE, "{{ dag.dag_id }}.{{ dag_run.run_type }}"))

with DAG("datasets_conditions", start_date=START, schedule=None):
    produce_a = TriggerDagRunOperator(task_id="produce_a", trigger_dag_id="producer_a", wait_for_completion=True,
                                      poke_interval=1)
    wait_a = PythonSensor(task_id="wait_for_a_consumers", poke_interval=1, timeout=300,
                          python_callable=lambda: {"consumer_a", "consumer_a_or_c"} <= set(_ran()))

    @task
    def only_a_consumers_ran():
        print("after a: %s" % _ran())
        assert "consumer_all" not in _ran(), "consumer_all waits for b too"

    produce_b = TriggerDagRunOperator(task_id="produce_b", trigger_dag_id="producer_b", wait_for_completion=True,
                                      poke_interval=1)
    wait_b = PythonSensor(task_id="wait_for_b_consumers", poke_interval=1, timeout=300,
                          python_callable=lambda: {"consumer_all", "consumer_b_or_time"} <= set(_ran()))

    @task
    def never_updated_never_ran():
        print("after b: %s" % _ran())
        assert "consumer_never" not in _ran()

    produce_a >> wait_a >> only_a_consumers_ran() >> produce_b >> wait_b >> never_updated_never_ran()
