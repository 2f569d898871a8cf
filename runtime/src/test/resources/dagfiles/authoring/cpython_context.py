# The host's CPython with Airflow's context: use_airflow_context=True gives the callable in the virtual environment
# (or the external interpreter) get_current_context() from `airflow.operators.python` or `airflow.sdk`, answering
# the try's context as plain data (dates as ISO text, the run and the task instance as dicts); python_version picks
# the interpreter (the host's python3 when its version matches), and a version the host lacks fails the try saying
# which and how to install it.
# setting: ALOFT_VENV_PYTHON=/usr/bin/python3
# expect-run: failed
# expect-state: classic_context success
# expect-state: decorated_context success
# expect-state: external_context success
# expect-state: missing_version failed
# expect-log: classic_context: ds matches True; task classic_context; params {'who': 'venv'}
# expect-log: decorated_context: run manual__ from sdk True
# expect-log: external_context: try 1 of external_context
# expect-log: missing_version: python_version='2.7': no CPython 2.7 on this host
from datetime import datetime

from airflow import DAG
from airflow.decorators import task
from airflow.operators.python import PythonVirtualenvOperator


def classic(expected_ds):
    from airflow.operators.python import get_current_context

    context = get_current_context()
    print("ds matches %s; task %s; params %s" % (context["ds"] == expected_ds, context["ti"]["task_id"],
                                                 context["params"]))


with DAG("cpython_context", schedule=None, start_date=datetime(2024, 1, 1), catchup=False,
         params={"who": "venv"}):
    PythonVirtualenvOperator(task_id="classic_context", python_callable=classic, op_args=["{{ ds }}"],
                             use_airflow_context=True, system_site_packages=False)

    @task.virtualenv(use_airflow_context=True, python_version="3", system_site_packages=False)
    def decorated_context():
        import sys

        from airflow.sdk import get_current_context

        context = get_current_context()
        print("run %s from sdk %s" % (context["dag_run"]["run_id"][:8], sys.version_info[0] == 3))

    @task.external_python(python="/usr/bin/python3", use_airflow_context=True)
    def external_context():
        from airflow.operators.python import get_current_context

        ti = get_current_context()["ti"]
        print("try %s of %s" % (ti["try_number"], ti["task_id"]))

    @task.virtualenv(python_version="2.7")
    def missing_version():
        print("never runs")

    decorated_context()
    external_context()
    missing_version()
