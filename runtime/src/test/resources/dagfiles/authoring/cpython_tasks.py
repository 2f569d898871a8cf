# Python tasks in the host's CPython: @task.virtualenv without requirements (with and without the system
# site packages), PythonVirtualenvOperator with JSON serialization and string_args, ExternalPythonOperator
# and @task.external_python on /usr/bin/python3, a requirement pip cannot fetch failing with a clear
# message, and ALOFT_PYTHON_PATH putting Debian's pure-Python packages in reach of DAG files.
# setting: ALOFT_PYTHON_PATH=/usr/lib/python3/dist-packages
# setting: ALOFT_VENV_PYTHON=/usr/bin/python3
# expect-run: failed
# expect-state: isolated success
# expect-state: with_system success
# expect-state: classic_venv success
# expect-state: external success
# expect-state: external_task success
# expect-state: unreachable_index failed
# expect-state: graalpy_import success
# expect-log: isolated: isolated cpython 3
# expect-log: with_system: yaml {'a': 1}
# expect-log: classic_venv: json [3, "x"] ['alpha', 'beta'] ds=True
# expect-log: external: external /usr/bin/python3 42
# expect-log: external_task: doubled 10
# expect-log: unreachable_index: pip could not install
# expect-log: graalpy_import: pygments from dist-packages
from datetime import datetime

import pygments  # from ALOFT_PYTHON_PATH: GraalPy loads pure-Python packages
from airflow import DAG
from airflow.decorators import task
from airflow.operators.python import ExternalPythonOperator, PythonVirtualenvOperator, is_venv_installed

assert is_venv_installed()


def classic(n, label, ds=None):
    import json

    print("json %s %s ds=%s" % (json.dumps([n, label]), virtualenv_string_args, ds is not None))  # noqa: F821
    return {"n": n}


def where(value):
    import sys

    print("external %s %d" % (sys.executable, value))


with DAG("cpython_tasks", start_date=datetime(2024, 1, 1), schedule=None):

    @task.virtualenv(system_site_packages=False)
    def isolated(x):
        import sys

        print("isolated %s %d" % (sys.implementation.name, x))
        return x * 3

    @task.virtualenv(system_site_packages=True)
    def with_system(y):
        import yaml  # Debian's python3-yaml, seen only through the system site packages

        print("yaml %s" % yaml.safe_load("a: %d" % y))

    isolated(3) >> with_system(1)

    PythonVirtualenvOperator(task_id="classic_venv", python_callable=classic, op_args=[3], op_kwargs={"label": "x"},
                             serializer="json", string_args=["alpha", "beta"], system_site_packages=False)
    ExternalPythonOperator(task_id="external", python="/usr/bin/python3", python_callable=where, op_args=[42])

    @task.external_python(python="/usr/bin/python3")
    def external_task(v):
        print("doubled %d" % (v * 2))

    external_task(5)

    @task.virtualenv(requirements=["surely-not-a-package-aloft==1.0"], index_urls=["http://127.0.0.1:9/simple"],
                     pip_install_options=["--retries", "0", "--timeout", "2"], system_site_packages=False)
    def unreachable_index():
        return 1

    unreachable_index()

    @task
    def graalpy_import():
        print("pygments from %s" % pygments.__file__.split("/")[-3])

    graalpy_import()
