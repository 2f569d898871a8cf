# Task and DAG callbacks as Airflow users write them: through default_args, per task, as lists, on Java (Bash)
# and Python tasks; a failing callback is logged and changes no state; the DAG's on_failure_callback runs when
# the run ends, with the reason. sla_miss_callback is accepted (Aloft checks no SLAs).
# expect-run: failed
# expect-state: ok success
# expect-state: flaky success
# expect-state: fails failed
# expect-state: report success
# expect-log: ok: execute callback for ok
# expect-log: ok: success callback for ok try 1
# expect-log: flaky: success callback for flaky try 2
# expect-log: fails: failure callback for fails: Bash command failed
# expect-log: fails: Error when executing on_failure_callback (the task's state is unchanged): ValueError: broken callback
# expect-log: fails: second failure callback ran
# expect-log: report: retry callback saw flaky try 1
# expect-log: dag_callbacks: DAG failed: task_failure dag=callbacks run=manual__
import os
import tempfile

import pendulum

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator


def _marker(context):
    return os.path.join(tempfile.gettempdir(), "aloft-callbacks-%s" % context["run_id"].replace(":", "_"))


def on_execute(context):
    print("execute callback for %s" % context["task_instance"].task_id)


def on_success(context):
    ti = context["ti"]
    print("success callback for %s try %s" % (ti.task_id, ti.try_number))


def on_retry(context):
    with open(_marker(context), "w") as f:
        f.write("retry callback saw %s try %s" % (context["ti"].task_id, context["ti"].try_number))


def on_failure(context):
    print("failure callback for %s: %s" % (context["ti"].task_id, context["exception"]))


def broken(context):
    raise ValueError("broken callback")


def second(context):
    print("second failure callback ran")


def dag_failed(context):
    print("DAG failed: %s dag=%s run=%s" % (context["reason"], context["dag"].dag_id, context["dag_run"].run_id))


def sla_missed(*args):
    raise AssertionError("never called")


def flaky(ti):
    if ti.try_number == 1:
        raise RuntimeError("first try fails")
    return "ok"


def report(**context):
    with open(_marker(context)) as f:
        print(f.read())


with DAG("callbacks", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None,
         default_args={"on_success_callback": on_success, "on_retry_callback": on_retry},
         on_failure_callback=dag_failed, sla_miss_callback=sla_missed):
    ok = BashOperator(task_id="ok", bash_command="echo hi", on_execute_callback=on_execute)
    flaky_task = PythonOperator(task_id="flaky", python_callable=flaky, retries=1,
                                retry_delay=pendulum.duration(seconds=0))
    fails = BashOperator(task_id="fails", bash_command="exit 3",
                         on_failure_callback=[on_failure, broken, second])
    ok >> flaky_task >> PythonOperator(task_id="report", python_callable=report)
