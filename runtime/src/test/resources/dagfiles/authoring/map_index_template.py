# Named mapping (Airflow 2.9+ map_index_template): each mapped try renders the template after it runs, and the
# result is the instance's rendered map index (UI, REST API `rendered_map_index`). A TaskFlow task names its
# instances from what it put into get_current_context(), a classic operator from its own rendered argument
# (`task.bash_command`), a mapped task group's task from the group's argument through op_kwargs; a failing instance
# is still named; a try that succeeded but whose template does not render fails, as in Airflow.
# expect-run: failed
# expect-state: process[0] success
# expect-state: process[1] success
# expect-state: process[2] failed
# expect-state: echo[0] success
# expect-state: echo[1] success
# expect-state: per_file.check[1] success
# expect-state: broken[0] failed
# expect-log: process[0]: rendered_map_index: a.csv x 42
# expect-log: process[1]: rendered_map_index: b.csv x 42
# expect-log: process[2]: rendered_map_index: bad.csv x 42
# expect-log: echo[1]: rendered_map_index: echo two
# expect-log: per_file.check[1]: rendered_map_index: checked y.txt
# expect-log: broken[0]: map_index_template did not render
from datetime import datetime

from airflow.decorators import dag, task, task_group
from airflow.operators.bash import BashOperator
from airflow.operators.python import get_current_context


@task(map_index_template="{{ file_name }} x {{ constant }}")
def process(constant, file):
    context = get_current_context()
    context["file_name"] = file
    context["constant"] = constant
    if file.startswith("bad"):
        raise ValueError("cannot process " + file)
    return len(file)


@task(map_index_template="checked {{ task.op_kwargs['name'] }}")
def check(name):
    print("checking", name)


@task_group
def per_file(name):
    check(name=name)


@task(map_index_template="{{ undefined_name.missing }}")
def broken(x):
    return x


@dag(schedule=None, start_date=datetime(2024, 1, 1), catchup=False)
def map_index_template():
    process.partial(constant=42).expand(file=["a.csv", "b.csv", "bad.csv"])
    BashOperator.partial(task_id="echo", map_index_template="{{ task.bash_command }}").expand(
        bash_command=["echo one", "echo two"])
    per_file.expand(name=["x.txt", "y.txt"])
    broken.expand(x=[1])


map_index_template()
