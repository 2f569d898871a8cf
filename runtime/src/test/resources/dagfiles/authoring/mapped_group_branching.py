# Branching inside a mapped task group (Airflow 2.10): each instance of the group's @task.branch picks the task its
# own map index follows; only that map index's instance of the other branch is skipped (with its downstream task in
# the group), and the other instances run their own choice. A task after the group with none_failed_min_one_success
# runs once every instance is done.
# expect-run: success
# expect-state: route.choose[0] success
# expect-state: route.choose[1] success
# expect-state: route.choose[2] success
# expect-state: route.small[0] success
# expect-state: route.big[0] skipped
# expect-state: route.small[1] skipped
# expect-state: route.big[1] success
# expect-state: route.small[2] success
# expect-state: route.big[2] skipped
# expect-state: route.join[0] success
# expect-state: route.join[1] success
# expect-state: route.after_big[0] skipped
# expect-log: route.after_big[1]: after big 50
# expect-state: route.after_big[1] success
# expect-state: done success
# expect-log: done: joined ['small 1', 'big 50', 'small 3']
from datetime import datetime

from airflow.decorators import dag, task, task_group


@task.branch
def choose(n):
    return "route.big" if n > 10 else "route.small"


@task
def small(n):
    return "small %s" % n


@task
def big(n):
    return "big %s" % n


@task
def after_big(value):
    print("after", value)


@task(trigger_rule="none_failed_min_one_success")
def join(ti=None):
    value = ti.xcom_pull(task_ids="route.small") or ti.xcom_pull(task_ids="route.big")
    return value


@task_group
def route(n):
    b = big(n)
    joined = join()
    choose(n) >> [small(n), b] >> joined
    after_big(b)
    return joined


@task(trigger_rule="none_failed_min_one_success")
def done(values):
    print("joined %s" % list(values))


@dag(schedule=None, start_date=datetime(2024, 1, 1), catchup=False)
def mapped_group_branching():
    done(route.expand(n=[1, 50, 3]))


mapped_group_branching()
