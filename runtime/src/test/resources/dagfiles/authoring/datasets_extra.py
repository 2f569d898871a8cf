# Dataset event extras, written three ways (outlet_events in a TaskFlow task, in a classic PythonOperator, and
# Airflow 2.10's `yield Metadata(...)`), then read back by tasks whose inlets name the datasets: inlet_events in
# Python (`[-1]` is the latest event, `.extra`, `.source_task_id`) and in a Bash template.
# expect-run: success
# expect-state: tag_by_context success
# expect-state: tag_by_yield success
# expect-state: tag_classic success
# expect-state: read_python success
# expect-state: read_template success
# expect-log: tag_by_yield: Updated dataset s3://extras/counts.csv
# expect-log: read_python: latest orders event by tag_classic: {'hi': 'classic'}
# expect-log: read_python: counts rows: 3
# expect-log: read_python: returned by the generator: counted
# expect-log: read_template: latest extra: classic
import pendulum

from airflow import DAG
from airflow.datasets import Dataset
from airflow.datasets.metadata import Metadata
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator

orders = Dataset("s3://extras/orders.csv")
counts = Dataset("s3://extras/counts.csv")

with DAG("datasets_extra", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):

    @task(outlets=[orders])
    def tag_by_context(*, outlet_events=None):
        outlet_events[orders].extra = {"hi": "context"}

    @task(outlets=[counts])
    def tag_by_yield():
        yield Metadata(counts, {"rows": 3})
        return "counted"

    def _tag(outlet_events):
        outlet_events[orders].extra["hi"] = "classic"

    tag_classic = PythonOperator(task_id="tag_classic", python_callable=_tag, outlets=[orders])

    @task(inlets=[orders, counts])
    def read_python(counted, *, inlet_events=None):
        events = inlet_events[orders]
        assert [e.extra["hi"] for e in events] == ["context", "classic"], events
        latest = events[-1]
        print("latest orders event by %s: %s" % (latest.source_task_id, latest.extra))
        assert latest.source_dag_id == "datasets_extra"
        print("counts rows: %d" % inlet_events[counts][-1].extra["rows"])
        print("returned by the generator: %s" % counted)
        try:
            inlet_events[Dataset("s3://not/an/inlet")]
        except KeyError:
            pass
        else:
            raise AssertionError("a dataset that is not an inlet has no events to read")

    read_template = BashOperator(
        task_id="read_template",
        inlets=[orders],
        bash_command="echo \"latest extra: {{ inlet_events['s3://extras/orders.csv'][-1].extra['hi'] }}\"",
    )

    first = tag_by_context()
    counted = tag_by_yield()
    first >> tag_classic
    reader = read_python(counted)
    tag_classic >> reader >> read_template
