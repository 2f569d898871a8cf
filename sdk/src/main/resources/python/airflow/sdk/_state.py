"""Per-evaluation state: the DAG file being evaluated, the DAGs and tasks it created, the open contexts.

A GraalPy context evaluates one file at a time, so module-level state is enough; ``reset`` starts each
evaluation clean even if the previous file failed inside a ``with DAG(...)`` block.
"""

import sys

current_file = None
dags = []
operators = []
dag_stack = []
group_stack = []
setup_teardown_stack = []  # (task, len(operators) when its ``with`` began)


def reset(filename=None):
    global current_file
    current_file = filename
    del dags[:]
    del operators[:]
    del dag_stack[:]
    del group_stack[:]
    del setup_teardown_stack[:]


def current_dag():
    return dag_stack[-1] if dag_stack else None


def caller_lineno():
    """The line of the DAG file that is running now (the innermost frame of that file), or None."""
    # Frame 1 is the airflow function that asks; frames are costly to materialize in GraalPy.
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename == current_file:
            return frame.f_lineno
        frame = frame.f_back
    # Not under the DAG file (a module it imports): the innermost frame outside the airflow package.
    frame = sys._getframe(2)
    while frame is not None:
        if "/airflow/" not in frame.f_code.co_filename.replace("\\", "/"):
            return frame.f_lineno
        frame = frame.f_back
    return None

task_context = None
task_context_keys = None  # the names the running task's context was built with (Java binds them in templates)
variable_reader = None
connection_reader = None
