# The virtualenv operators' serializers: dill (also as the old use_dill=True) and cloudpickle in a virtual
# environment that sees the system site packages and in an external interpreter, both with Debian's
# python3-dill / python3-cloudpickle; a virtual environment without them fails naming the missing module.
# setting: ALOFT_VENV_PYTHON=/usr/bin/python3
# expect-run: failed
# expect-state: with_dill success
# expect-state: old_use_dill success
# expect-state: with_cloudpickle success
# expect-state: report success
# expect-state: dill_missing failed
# expect-log: with_dill: serialized by dill: True
# expect-log: old_use_dill: dill loaded: True ['a', 'b']
# expect-log: with_cloudpickle: cloudpickle loaded: True 21
# expect-log: report: results 12 {'n': 3} 42
# expect-log: dill_missing: has no dill module
from datetime import datetime

from airflow import DAG
from airflow.decorators import task
from airflow.operators.python import ExternalPythonOperator, PythonVirtualenvOperator


def letters(items):
    import sys

    print("dill loaded:", "dill" in sys.modules, items)
    return {"n": len(items) + 1}


def triple(value):
    import sys

    print("cloudpickle loaded:", "cloudpickle" in sys.modules, value * 3)
    return value * 6


with DAG("cpython_serializers", schedule=None, start_date=datetime(2024, 1, 1), catchup=False):

    @task.virtualenv(serializer="dill", system_site_packages=True)
    def with_dill(base):
        import sys

        print("serialized by dill:", "dill" in sys.modules)
        return base * 4

    old_use_dill = PythonVirtualenvOperator(task_id="old_use_dill", python_callable=letters, use_dill=True,
                                            op_args=[["a", "b"]])
    with_cloudpickle = ExternalPythonOperator(task_id="with_cloudpickle", python="/usr/bin/python3",
                                              python_callable=triple, serializer="cloudpickle", op_kwargs={"value": 7})

    @task
    def report(a, b, c):
        print("results", a, b, c)

    @task.virtualenv(serializer="dill", system_site_packages=False)
    def dill_missing():
        return 1

    report(with_dill(3), old_use_dill.output, with_cloudpickle.output)
    dill_missing()
