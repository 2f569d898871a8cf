# Data-aware scheduling across DAGs in a running daemon, with a dataset alias resolved at run time (Airflow 2.10's
# DatasetAlias): the tested DAG triggers a producer whose task declares only `outlets=[DatasetAlias(...)]` and adds
# a dataset through it with an extra. That event starts two consumers: one scheduled on the dataset itself (its
# Bash template reads triggering_dataset_events), one scheduled on the alias (its Python task reads
# inlet_events[alias] and triggering_asset_events). Each consumer leaves what it saw in a file next to this DAG
# file; the tested DAG waits for both files and checks them.
# expect-run: success
# expect-state: start_producer success
# expect-state: wait_for_consumers success
# expect-state: check success
# expect-log: check: by dataset: part 7 from alias_producer
# expect-log: check: by alias: s3://flow/by-alias part 7 (1 event through the alias)
import json
import os

import pendulum

from airflow import DAG
from airflow.datasets import Dataset, DatasetAlias
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator
from airflow.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sensors.python import PythonSensor

HERE = os.path.dirname(os.path.abspath(__file__))
BY_DATASET = os.path.join(HERE, "seen_by_dataset.txt")
BY_ALIAS = os.path.join(HERE, "seen_by_alias.json")
START = pendulum.datetime(2024, 1, 1, tz="UTC")
alias = DatasetAlias("flow-alias")

with DAG("alias_producer", start_date=START, schedule=None, is_paused_upon_creation=False):

    def _produce(*, outlet_events=None):
        outlet_events[alias].add(Dataset("s3://flow/by-alias"), extra={"part": 7})

    PythonOperator(task_id="produce", python_callable=_produce, outlets=[alias])

with DAG("dataset_consumer", start_date=START, schedule=[Dataset("s3://flow/by-alias")],
         is_paused_upon_creation=False):
    BashOperator(
        task_id="consume",
        bash_command="echo \"part {{ triggering_dataset_events['s3://flow/by-alias'][0].extra['part'] }} from"
                     " {{ triggering_dataset_events['s3://flow/by-alias'][0].source_dag_id }}\" > " + BY_DATASET,
    )

with DAG("alias_consumer", start_date=START, schedule=[alias], is_paused_upon_creation=False):

    @task(inlets=[alias])
    def consume(*, inlet_events=None, triggering_asset_events=None, dag_run=None):
        events = inlet_events[alias]
        triggering = triggering_asset_events[Dataset("s3://flow/by-alias")]
        with open(BY_ALIAS, "w") as f:
            json.dump({"uri": events[-1].uri, "extra": events[-1].extra, "count": len(events),
                       "triggering": triggering[0].extra, "run_type": dag_run.run_type}, f)

    consume()

with DAG("datasets_alias_flow", start_date=START, schedule=None):
    start = TriggerDagRunOperator(task_id="start_producer", trigger_dag_id="alias_producer",
                                  wait_for_completion=True, poke_interval=1)
    wait = PythonSensor(task_id="wait_for_consumers", poke_interval=1, timeout=300,
                        python_callable=lambda: os.path.exists(BY_DATASET) and os.path.exists(BY_ALIAS))

    @task
    def check():
        with open(BY_DATASET) as f:
            print("by dataset: " + f.read().strip())
        with open(BY_ALIAS) as f:
            seen = json.load(f)
        assert seen["run_type"] == "dataset_triggered", seen
        assert seen["triggering"] == {"part": 7}, seen
        print("by alias: %s part %d (%d event through the alias)" % (seen["uri"], seen["extra"]["part"], seen["count"]))

    start >> wait >> check()
