# TaskFlow functions that declare context keys (ti, ds, logical_date, params, dag_run, run_id, ...) or
# **context get them at run time; get_current_context() from both import paths; PythonOperator callables
# receive context keyword arguments by name, and everything through **kwargs; airflow.configuration.conf.
# expect-run: success
# expect-state: named success
# expect-state: everything success
# expect-state: current success
# expect-state: classic success
# expect-state: classic_kwargs success
# expect-state: bash_ctx success
# expect-state: config success
# expect-log: named: named ds_ok=True run_id_ok=True params=3 key_ok=True ti_task=named
# expect-log: everything: everything has ti, ds, params, dag_run
# expect-log: current: current same=True task=current
# expect-log: classic: classic ds_ok=True who=Ada
# expect-log: classic_kwargs: classic_kwargs x=1 ds_ok=True
# expect-log: bash_ctx: ctx task bash_ctx
# expect-log: config: config ok=True paused=True
from datetime import datetime

from airflow import DAG
from airflow.configuration import conf
from airflow.decorators import task
from airflow.operators.python import PythonOperator
from airflow.operators.python import get_current_context as classic_current
from airflow.sdk import get_current_context

# Read at parse time, as DAG files do.
DAGS_FOLDER = conf.get("core", "dags_folder")


def classic_callable(ds, who, templates_dict=None):
    print("classic ds_ok=%s who=%s" % (len(ds) == 10, who))


def classic_kwargs(x, **kwargs):
    print("classic_kwargs x=%s ds_ok=%s" % (x, kwargs["ds"] == kwargs["logical_date"].strftime("%Y-%m-%d")))


with DAG("context_injection", start_date=datetime(2024, 1, 1), schedule=None, params={"n": 3}):

    @task
    def named(ti, ds, logical_date, params, dag_run, run_id, task_instance_key_str, execution_date=None):
        print("named ds_ok=%s run_id_ok=%s params=%s key_ok=%s ti_task=%s" % (
            ds == logical_date.strftime("%Y-%m-%d"), run_id == dag_run.run_id, params["n"],
            task_instance_key_str.startswith("context_injection__named__"), ti.task_id))

    @task
    def everything(**context):
        print("everything has " + ", ".join(k for k in ("ti", "ds", "params", "dag_run") if k in context))

    @task
    def current():
        a = get_current_context()
        b = classic_current()
        print("current same=%s task=%s" % (a is b, a["ti"].task_id))

    @task.bash
    def bash_ctx(ti):
        return "echo ctx task %s" % ti.task_id

    @task
    def config():
        import os

        from airflow.configuration import conf as c
        print("config ok=%s paused=%s" % (
            os.path.samefile(c.get("core", "dags_folder"), os.path.dirname(__file__)) and DAGS_FOLDER == c.get(
                "core", "dags_folder"),
            c.getboolean("core", "dags_are_paused_at_creation")))
        assert c.getint("aloft", "python_contexts") == 1
        assert c.get("core", "no_such_option", fallback="x") == "x"
        assert not c.has_option("core", "no_such_option")

    named() >> everything() >> current() >> bash_ctx() >> config()
    PythonOperator(task_id="classic", python_callable=classic_callable, op_kwargs={"who": "Ada"})
    PythonOperator(task_id="classic_kwargs", python_callable=classic_kwargs, op_args=[1])
