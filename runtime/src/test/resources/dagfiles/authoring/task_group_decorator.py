# @task_group from both import paths: nested groups, a returned task binding downstream edges, a repeated
# call suffixing the group id, group default_args, and expand_kwargs() on a task and on an operator.
# expect-run: success
# expect-state: start success
# expect-state: ingest.extract success
# expect-state: ingest.load success
# expect-state: ingest__1.extract success
# expect-state: quality.checks.count success
# expect-state: summary success
# expect-state: greet[1] success
# expect-state: echo[0] success
# expect-log: summary: summary=[14, 24]
# expect-log: greet[1]: hello Grace, 43
from datetime import datetime

from airflow.decorators import dag, task, task_group
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator
from airflow.sdk import task_group as sdk_task_group


@task
def extract(base: int):
    return base + 2


@task
def load(value: int):
    return value * 2


@task_group
def ingest(base: int):
    """Extract then load."""
    return load(extract(base))


@sdk_task_group(group_id="quality", default_args={"retries": 2})
def quality_group():
    @task_group
    def checks():
        @task
        def count():
            return 1

        count()

    checks()


@dag(dag_id="task_group_decorator", start_date=datetime(2024, 1, 1), schedule=None)
def build():
    start = EmptyOperator(task_id="start")
    first = ingest(5)
    second = ingest(10)
    start >> [first, second]

    @task
    def summary(values):
        print("summary=%s" % sorted(values))

    summary([first, second]) >> quality_group()

    @task
    def greet(name, age, constant):
        print("hello %s, %d" % (name, age + constant))

    greet.partial(constant=7).expand_kwargs([{"name": "Ada", "age": 36}, {"name": "Grace", "age": 36}])
    BashOperator.partial(task_id="echo").expand_kwargs([{"bash_command": "echo one"}, {"bash_command": "echo two"}])


build()
