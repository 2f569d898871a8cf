# Idioms of Airflow 2.10's own example DAGs: Airflow 1.10's module names (dummy_operator, python_operator,
# bash_operator) still importable, `airflow.utils.context.Context` as an execute() annotation, branching in
# another interpreter (BranchPythonVirtualenvOperator, BranchExternalPythonOperator, @task.branch_virtualenv,
# @task.branch_external_python), python=sys.executable meaning the host's CPython, use_airflow_context=True
# in a virtual environment (a plain-data context there), and ti.dag_run in task code.
# setting: ALOFT_VENV_PYTHON=/usr/bin/python3
# expect-run: success
# expect-state: start success
# expect-state: custom success
# expect-state: venv_branch success
# expect-state: venv_left success
# expect-state: venv_right skipped
# expect-state: ext_branch success
# expect-state: ext_left skipped
# expect-state: ext_right success
# expect-state: deco_venv_branch success
# expect-state: deco_ext_branch success
# expect-state: deco_a success
# expect-state: deco_b skipped
# expect-state: join success
# expect-state: with_context success
# expect-state: run_of_ti success
# expect-log: custom: custom sees run_id manual__
# expect-log: ext_branch: host's CPython
# expect-log: run_of_ti: ti.dag_run manual__ conf {}
import sys
from datetime import datetime

from airflow import DAG
from airflow.decorators import task
from airflow.models.baseoperator import BaseOperator
from airflow.operators.bash_operator import BashOperator
from airflow.operators.dummy_operator import DummyOperator
from airflow.operators.python import (BranchExternalPythonOperator, BranchPythonVirtualenvOperator,
                                      PythonVirtualenvOperator)
from airflow.operators.python_operator import PythonOperator
from airflow.utils.context import Context
from airflow.utils.trigger_rule import TriggerRule


class PrintRunId(BaseOperator):
    def execute(self, context: Context):
        print("custom sees run_id", context["run_id"])


def choose_left():
    return "venv_left"


def choose_right(suffix):
    return "ext_" + suffix


def nothing():
    return None


def run_of_ti(**kwargs):
    ti = kwargs["ti"]
    print("ti.dag_run", ti.dag_run.run_id[:8], "conf", ti.get_dagrun().conf or {})


with DAG("example_dag_idioms", schedule=None, start_date=datetime(2024, 1, 1), catchup=False):
    start = DummyOperator(task_id="start")
    custom = PrintRunId(task_id="custom")
    venv_branch = BranchPythonVirtualenvOperator(task_id="venv_branch", python_callable=choose_left)
    ext_branch = BranchExternalPythonOperator(task_id="ext_branch", python=sys.executable,
                                              python_callable=choose_right, op_args=["right"])
    join = BashOperator(task_id="join", bash_command="echo joined",
                        trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)

    @task.branch_virtualenv(system_site_packages=False)
    def deco_venv_branch():
        return "deco_a"

    @task.branch_external_python(python=sys.executable)
    def deco_ext_branch(choice):
        return choice

    start >> custom >> [venv_branch, ext_branch]
    venv_branch >> [PythonOperator(task_id="venv_left", python_callable=nothing),
                    PythonOperator(task_id="venv_right", python_callable=nothing)] >> join
    ext_branch >> [DummyOperator(task_id="ext_left"), DummyOperator(task_id="ext_right")] >> join
    chosen = deco_venv_branch()
    start >> chosen >> [DummyOperator(task_id="deco_a"), DummyOperator(task_id="deco_b")] >> join
    start >> deco_ext_branch("join") >> join
    PythonOperator(task_id="run_of_ti", python_callable=run_of_ti)
    PythonVirtualenvOperator(task_id="with_context", python_callable=nothing, use_airflow_context=True)
