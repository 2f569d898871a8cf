# A task rendering templates from its own code, as Airflow's tutorial_taskflow_templates does:
# context["task"].render_template(text, context) with the try's context (run_id, params, ds) and names the code
# added to the context; lists and dicts element by element, other values as they are; a custom operator's
# self.render_template(...) and render_template_fields() after it changed a field.
# expect-run: success
# expect-state: taskflow success
# expect-state: custom success
# expect-log: taskflow: rendered: run_id: manual__
# expect-log: taskflow: ; params.other_param: from_dag (the run's: True)
# expect-log: taskflow: extra: hello world
# expect-log: taskflow: nested: ['x-from_dag', {'k': 'from_dag!'}, 7]
# expect-log: custom: message after render_template_fields: dataset of manual
from datetime import datetime

from airflow.decorators import dag, task
from airflow.models.baseoperator import BaseOperator
from airflow.operators.python import get_current_context


class Custom(BaseOperator):
    template_fields = ("message",)

    def __init__(self, message, **kwargs):
        super().__init__(**kwargs)
        self.message = message

    def execute(self, context):
        self.message = "dataset of {{ dag_run.run_type }}"
        self.render_template_fields(context)
        print("message after render_template_fields: %s" % self.message)


@task
def taskflow():
    context = get_current_context()
    text = "run_id: {{ run_id }}; params.other_param: {{ params.other_param }}"
    rendered = context["task"].render_template(text, context)
    print("rendered: %s (the run's: %s)" % (rendered, context["run_id"] in rendered))
    context["greeting"] = "hello"
    print("extra: %s" % context["task"].render_template("{{ greeting }} world", context))
    nested = ["x-{{ params.other_param }}", {"k": "{{ params.other_param }}!"}, 7]
    print("nested: %s" % context["task"].render_template(nested, context))


@dag(schedule=None, start_date=datetime(2024, 1, 1), catchup=False, params={"other_param": "from_dag"})
def render_template_from_task():
    taskflow()
    Custom(task_id="custom", message="unused")


render_template_from_task()
