# Mapped task groups (Airflow 2.10): @task_group(...).expand() over a literal list and over an upstream XCom,
# .partial() constants, .expand_kwargs() over a list of dicts, a classic operator inside the group taking the
# group's argument, a TaskFlow argument and ti.xcom_pull() inside the group reading the same map index, one
# instance failing without touching the others' map indexes, and a downstream task receiving every instance's
# value in map-index order.
# expect-run: failed
# expect-state: numbers success
# expect-state: scale.double[0] success
# expect-state: scale.double[2] success
# expect-state: scale.offset[0] success
# expect-state: scale.offset[2] success
# expect-state: shout.echo[1] success
# expect-state: scale.check[1] success
# expect-state: total success
# expect-state: greetings.say[0] success
# expect-state: greetings.say[1] success
# expect-state: fragile.divide[0] success
# expect-state: fragile.divide[1] failed
# expect-state: fragile.after[0] success
# expect-state: fragile.after[1] upstream_failed
# expect-state: fragile.after[2] success
# expect-state: fragile_done upstream_failed
# expect-log: total: total=[100, 102, 104]
# expect-log: shout.echo[1]: beta for 2
# expect-log: scale.check[1]: same index value 4
# expect-log: greetings.say[1]: Hi, Grace!
# expect-log: fragile.after[2]: ten over 5 is 2.0
from datetime import datetime

from airflow.decorators import dag, task, task_group
from airflow.operators.bash import BashOperator


@task
def numbers():
    return [1, 2, 3]


@task
def double(value, factor):
    return value * factor


@task
def offset(doubled, shift):
    return doubled + shift


@task
def check(ti=None):
    value = ti.xcom_pull(task_ids="scale.double")
    print("same index value %s" % value)
    return value


@task_group
def scale(value, factor):
    doubled = double(value, factor)
    doubled >> check()
    return offset(doubled, 100 - factor)


@task
def total(values):
    print("total=%s" % list(values))


@task_group
def shout(command):
    BashOperator(task_id="echo", bash_command=command)


@task
def say(greeting, name):
    print("%s, %s!" % (greeting, name))


@task_group
def greetings(greeting, name):
    say(greeting, name)


@task
def divide(by):
    return 10 / by


@task
def after(result, by):
    print("ten over %s is %s" % (by, result))


@task_group
def fragile(by):
    after(divide(by), by)


@task
def fragile_done():
    print("done")


@dag(schedule=None, start_date=datetime(2024, 1, 1), catchup=False)
def mapped_task_group():
    # (1*2 + 98) + ... : offset adds 100 - factor to value * factor.
    total(scale.partial(factor=2).expand(value=numbers()))
    greetings.expand_kwargs([{"greeting": "Hello", "name": "Ada"}, {"greeting": "Hi", "name": "Grace"}])
    shout.expand(command=["echo alpha for {{ 1 + 1 }}", "echo beta for {{ 1 + 1 }}"])
    fragile.expand(by=[2, 0, 5]) >> fragile_done()


mapped_task_group()
