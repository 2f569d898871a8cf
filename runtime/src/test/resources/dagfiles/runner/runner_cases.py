"""Tasks the runner tests call: a task that never ends, context access, @task.bash, mapped TaskFlow."""
import time
from datetime import datetime

from airflow.datasets import Dataset, DatasetAlias
from airflow.datasets.metadata import Metadata
from airflow.decorators import dag, task
from airflow.models import Variable
from airflow.operators.python import PythonOperator, get_current_context

LIMIT = Variable.get("limit", default_var=5)


def forever():
    while True:
        time.sleep(0.01)


def show_context(ds, ts_nodash, params, dag_run, logical_date, templates_dict, **kwargs):
    ctx = get_current_context()
    return {
        "ds": ds,
        "ts_nodash": ts_nodash,
        "params": params,
        "conf": dag_run.conf,
        "year": logical_date.year,
        "templates": templates_dict,
        "same_context": ctx["ds"] == ds,
        "map_index": kwargs["map_index"],
        "extra": kwargs["extra"],
    }


def read_events(triggering_dataset_events):
    # As Airflow's consumers read them: attributes of each event, per dataset URI.
    return {uri: [(e.extra, e.source_dag_id, e.timestamp.year) for e in events]
            for uri, events in triggering_dataset_events.items()}


def tag_events(outlet_events):
    # Airflow 2.10's ways to set what the events of a task's outlets carry; the last one names no outlet.
    outlet_events[Dataset("s3://tagged")].extra = {"rows": 3}
    outlet_events[DatasetAlias("runner-alias")].add(Dataset("s3://added"), extra={"part": 1})
    outlet_events[DatasetAlias("runner-alias")].add("s3://added", extra={"part": 1})
    outlet_events[Dataset("s3://not-an-outlet")].extra = {"ignored": True}


def yield_metadata():
    yield Metadata(Dataset("s3://tagged"), {"by": "yield"})
    yield Metadata("s3://added", {"part": 2}, alias="runner-alias")
    return "done"


@dag(schedule=None, start_date=datetime(2024, 1, 1))
def runner_cases():
    PythonOperator(task_id="tag_events", python_callable=tag_events,
                   outlets=[Dataset("s3://tagged"), DatasetAlias("runner-alias")])
    PythonOperator(task_id="yield_metadata", python_callable=yield_metadata,
                   outlets=[Dataset("s3://tagged"), DatasetAlias("runner-alias")])
    PythonOperator(task_id="read_events", python_callable=read_events)
    PythonOperator(task_id="forever", python_callable=forever)
    PythonOperator(task_id="show_context", python_callable=show_context,
                   templates_dict={"when": "{{ ds }}"}, op_kwargs={"extra": "{{ params.x }}"})

    @task.bash
    def shout(word):
        return f"echo first; echo {word.upper()}"

    @task
    def square(x, offset=0):
        print(f"squaring {x}")
        return x * x + offset

    @task
    def read_variables():
        return [Variable.get("greeting"), Variable.get("missing", default_var="fallback"), LIMIT,
                Variable.get("config", deserialize_json=True)]

    @task(multiple_outputs=True)
    def unserializable():
        return {"obj": object()}

    shout("hi")
    square.partial(offset=1).expand(x=[1, 2, 3])
    unserializable()
    read_variables()


runner_cases()
