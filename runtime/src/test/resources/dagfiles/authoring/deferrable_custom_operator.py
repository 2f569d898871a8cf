# A custom operator that defers with self.defer() and resumes at its own method with the trigger's event and the
# kwargs it passed (same try number, as in Airflow); a deferral past its timeout fails with TaskDeferralTimeout;
# a BaseTrigger subclass of the DAG file runs in the triggerer's Python worker (see python_triggers.py); a
# deferrable FileSensor waits in the triggerer (FileTrigger) until another task writes the file.
# expect-run: failed
# expect-state: defers success
# expect-state: uses_result success
# expect-state: times_out failed
# expect-state: custom_trigger success
# expect-state: wait_file success
# expect-state: write_file success
# expect-log: defers: Pausing task as DEFERRED
# expect-log: defers: resumed at finish with n=7 on try 1, event 20
# expect-log: uses_result: got resumed-7
# expect-log: times_out: TaskDeferralTimeout: Trigger timeout
# expect-log: custom_trigger: custom event hello
# expect-log: wait_file: airflow.triggers.file.FileTrigger
import datetime
import tempfile
import uuid

from airflow import DAG
from airflow.models.baseoperator import BaseOperator
from airflow.operators.bash import BashOperator
from airflow.decorators import task
from airflow.sensors.filesystem import FileSensor
from airflow.triggers.base import BaseTrigger, TriggerEvent
from airflow.triggers.temporal import DateTimeTrigger, TimeDeltaTrigger

MARKER = "%s/aloft_deferrable_%s.marker" % (tempfile.gettempdir(), uuid.uuid4().hex)


class WaitThenFinish(BaseOperator):
    def __init__(self, *, seconds, **kwargs):
        super().__init__(**kwargs)
        self.seconds = seconds

    def execute(self, context):
        self.defer(trigger=TimeDeltaTrigger(datetime.timedelta(seconds=self.seconds)), method_name="finish",
                   kwargs={"n": 7})

    def finish(self, context, event=None, n=0):
        print("resumed at finish with n=%d on try %d, event %s" % (n, context["ti"].try_number, str(event)[:2]))
        return "resumed-%d" % n


class NeverInTime(BaseOperator):
    def execute(self, context):
        far = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
        self.defer(trigger=DateTimeTrigger(moment=far), method_name="execute_complete",
                   timeout=datetime.timedelta(seconds=2))

    def execute_complete(self, context, event=None):
        return "never"


class MyTrigger(BaseTrigger):
    def serialize(self):
        return ("deferrable_custom_operator.MyTrigger", {})

    async def run(self):
        yield TriggerEvent("hello")


class UsesMyTrigger(BaseOperator):
    def execute(self, context):
        self.defer(trigger=MyTrigger(), method_name="execute_complete")

    def execute_complete(self, context, event=None):
        print("custom event %s" % event)


with DAG(
    dag_id="deferrable_custom_operator",
    start_date=datetime.datetime(2024, 1, 1),
    schedule=None,
    catchup=False,
) as dag:
    defers = WaitThenFinish(task_id="defers", seconds=2)

    @task
    def uses_result(value):
        print("got %s" % value)

    uses_result(defers.output)
    NeverInTime(task_id="times_out")
    UsesMyTrigger(task_id="custom_trigger")
    wait_file = FileSensor(task_id="wait_file", filepath=MARKER, poke_interval=1, deferrable=True)
    write_file = BashOperator(task_id="write_file", bash_command="sleep 3; echo go > %s" % MARKER)
