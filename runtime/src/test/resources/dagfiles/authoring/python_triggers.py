# Custom triggers written in Python: the triggerer re-creates each from serialize() in a Python worker and runs its
# async run() (datetime arguments keep their type); the task resumes at method_name with the event's payload. A
# trigger that raises fails its task with the error; one whose class cannot be imported fails the deferring try;
# start_from_trigger defers to start_trigger_args' trigger without calling execute. A run() that sleeps longer than
# one look before it yields still fires (its coroutine stays alive between looks). end_from_trigger: a trigger that
# yields TaskSuccessEvent (with XComs) or TaskFailedEvent, or a DateTimeTrigger(end_from_trigger=True), ends its task
# in that state without resuming it (a failure is final: no retry).
# expect-run: failed
# expect-state: waits success
# expect-state: raises failed
# expect-state: unknown failed
# expect-state: starts_in_trigger success
# expect-log: waits: got [('moment_type', 'datetime'), ('ready', True), ('tries', 1)]
# expect-log: raises: TaskDeferralError
# expect-log: raises: the trigger python_triggers.Broken raised ValueError: no such bucket
# expect-log: unknown: cannot import the trigger python_triggers.NoSuchTrigger
# expect-log: starts_in_trigger: started in the trigger: 'soon'
# expect-state: sleeps_first success
# expect-log: sleeps_first: woke: 'after 5 s'
# expect-state: ends_well success
# expect-log: ends_well: Task ended by its trigger (end_from_trigger) in state success
# expect-state: reads_answer success
# expect-log: reads_answer: the trigger's XCom: 42
# expect-state: ends_badly failed
# expect-log: ends_badly: Task ended by its trigger (end_from_trigger) in state failed
# expect-state: ends_at_moment success
# expect-log: ends_at_moment: Task ended by its trigger (end_from_trigger) in state success
import asyncio
import datetime

from airflow import DAG
from airflow.models.baseoperator import BaseOperator
from airflow.operators.python import PythonOperator
from airflow.triggers.base import BaseTrigger, StartTriggerArgs, TaskFailedEvent, TaskSuccessEvent, TriggerEvent
from airflow.triggers.temporal import DateTimeTrigger


class AtMoment(BaseTrigger):
    def __init__(self, moment, tries=1):
        super().__init__()
        self.moment = moment
        self.tries = tries

    def serialize(self):
        return ("python_triggers.AtMoment", {"moment": self.moment, "tries": self.tries})

    async def run(self):
        while datetime.datetime.now(datetime.timezone.utc) < self.moment:
            await asyncio.sleep(0.2)
        yield TriggerEvent({"ready": True, "moment_type": type(self.moment).__name__, "tries": self.tries})


class Broken(BaseTrigger):
    def serialize(self):
        return ("python_triggers.Broken", {})

    async def run(self):
        raise ValueError("no such bucket")
        yield


class Soon(BaseTrigger):
    def __init__(self, word):
        super().__init__()
        self.word = word

    def serialize(self):
        return ("python_triggers.Soon", {"word": self.word})

    async def run(self):
        await asyncio.sleep(0.1)
        yield TriggerEvent(self.word)


class SleepsFirst(BaseTrigger):
    def serialize(self):
        return ("python_triggers.SleepsFirst", {})

    async def run(self):
        await asyncio.sleep(5)
        yield TriggerEvent("after 5 s")


class EndsTask(BaseTrigger):
    def __init__(self, state):
        super().__init__()
        self.state = state

    def serialize(self):
        return ("python_triggers.EndsTask", {"state": self.state})

    async def run(self):
        if self.state == "success":
            yield TaskSuccessEvent(xcoms={"answer": 42})
        else:
            yield TaskFailedEvent()


class DefersTo(BaseOperator):
    def __init__(self, trigger, **kwargs):
        super().__init__(**kwargs)
        self.trigger = trigger

    def execute(self, context):
        if self.trigger == "moment":
            moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=1)
            trigger = DateTimeTrigger(moment, end_from_trigger=True)
        elif self.trigger == "sleeps":
            trigger = SleepsFirst()
        else:
            trigger = EndsTask(self.trigger)
        self.defer(trigger=trigger, method_name="done")

    def done(self, context, event=None):
        if self.trigger == "sleeps":
            print("woke: %r" % (event,))
            return
        raise RuntimeError("a task its trigger ended must not resume")


def read_answer(ti):
    print("the trigger's XCom: %s" % ti.xcom_pull(task_ids="ends_well", key="answer"))


class Waits(BaseOperator):
    def execute(self, context):
        moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)
        self.defer(trigger=AtMoment(moment), method_name="done")

    def done(self, context, event=None):
        print("got %s" % sorted(event.items()))


class Raises(BaseOperator):
    def execute(self, context):
        self.defer(trigger=Broken(), method_name="done")

    def done(self, context, event=None):
        print("never")


class Unknown(BaseTrigger):
    def serialize(self):
        return ("python_triggers.NoSuchTrigger", {})


class DefersToUnknown(BaseOperator):
    def execute(self, context):
        self.defer(trigger=Unknown(), method_name="done")


class StartsInTrigger(BaseOperator):
    start_from_trigger = True
    start_trigger_args = StartTriggerArgs(trigger_cls="python_triggers.Soon", trigger_kwargs={"word": "soon"},
                                          next_method="execute_complete")

    def execute(self, context):
        raise RuntimeError("execute must not run for a task that starts from its trigger")

    def execute_complete(self, context, event=None):
        print("started in the trigger: %r" % (event,))


with DAG(dag_id="python_triggers", start_date=datetime.datetime(2024, 1, 1), schedule=None, catchup=False):
    Waits(task_id="waits")
    Raises(task_id="raises", retries=0)
    DefersToUnknown(task_id="unknown", retries=0)
    StartsInTrigger(task_id="starts_in_trigger")
    DefersTo(task_id="sleeps_first", trigger="sleeps")
    DefersTo(task_id="ends_well", trigger="success") >> PythonOperator(task_id="reads_answer",
                                                                      python_callable=read_answer)
    DefersTo(task_id="ends_badly", trigger="failed", retries=3)
    DefersTo(task_id="ends_at_moment", trigger="moment")
