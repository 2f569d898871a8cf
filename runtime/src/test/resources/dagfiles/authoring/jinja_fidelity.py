# Airflow's Jinja is Python: ti.xcom_push with keyword arguments, date +/- timedelta, dict.get, str methods,
# macros.random/uuid/time.
# expect-run: success
# expect-state: push success
# expect-state: check success
# expect-log: push: renderedNone delta=1 day, 0:00:00 back=22:00:00 get=dflt up=ABC r=ok uuid=32 t=ok
import pendulum

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("jinja_fidelity", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None,
         params={"v": "hello"}):
    push = BashOperator(
        task_id="push",
        bash_command=(
            "echo rendered{{ ti.xcom_push(key='k', value=params.v) }}"
            " delta={{ (logical_date + macros.timedelta(days=1)) - logical_date }}"
            " back={{ logical_date - (logical_date - macros.timedelta(hours=22)) }}"
            " get={{ dag_run.conf.get('missing', 'dflt') }} up={{ 'abc'.upper() }}"
            " r={{ 'ok' if macros.random() < 1 else 'bad' }} uuid={{ macros.uuid.uuid4().hex | length }}"
            " t={{ 'ok' if macros.time.time() > 1700000000 else 'bad' }}"
        ),
    )
    check = BashOperator(task_id="check", bash_command="test '{{ ti.xcom_pull(task_ids='push', key='k') }}' = hello")
    push >> check
