# ti.xcom_pull with map_indexes (Airflow 2.10): one map index of a mapped task gives that instance's value, a list
# of map indexes gives their values in the list's order, a mapped task without map_indexes gives every instance's
# value in map-index order (also past ten instances, where text order would differ), several task ids give one
# flat list of what they pushed (task order, then map index; tasks that pushed nothing are left out), and
# `default` answers a pull that matches nothing.
# expect-run: success
# expect-state: square[11] success
# expect-state: pull success
# expect-log: pull: one=9
# expect-log: pull: some=[16, 0, 121]
# expect-log: pull: every=[0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121]
# expect-log: pull: flat=['x', 0, 1, 4]
# expect-log: pull: picked=['x', 4, 121]
# expect-log: pull: missing=fallback
from datetime import datetime

from airflow.decorators import dag, task


@task
def square(n):
    return n * n


@task
def single():
    return "x"


@task
def nothing():
    pass


@task
def pull(ti=None):
    print("one=%s" % ti.xcom_pull(task_ids="square", map_indexes=3))
    print("some=%s" % ti.xcom_pull(task_ids="square", map_indexes=[4, 0, 11]))
    print("every=%s" % list(ti.xcom_pull(task_ids="square")))
    flat = ti.xcom_pull(task_ids=["single", "nothing", "square"])
    print("flat=%s" % flat[:4])
    print("picked=%s" % ti.xcom_pull(task_ids=["single", "square"], map_indexes=[-1, 2, 11]))
    print("missing=%s" % ti.xcom_pull(task_ids="square", map_indexes=99, default="fallback"))


@dag(schedule=None, start_date=datetime(2024, 1, 1), catchup=False)
def xcom_pull_map_indexes():
    squares = square.expand(n=list(range(12)))
    [squares, single(), nothing()] >> pull()


xcom_pull_map_indexes()
