"""TaskFlow: ``@dag``, ``@task`` (with ``.branch``, ``.short_circuit``, ``.sensor``, ``.bash``, ``.python``),
``.override()``, ``.partial().expand()``. A decorated call creates an operator and returns its XComArg."""

import functools

from airflow.sdk import _signatures, _state
from airflow.sdk._core import (DAG, EXPAND_KWARGS, MAPPED, TaskGroup, XComArg, _check_expand_kwargs_value,
                               _check_expand_value, _current_group, set_dependency)
from airflow.sdk._exceptions import AirflowException
from airflow.sdk._venv import (BranchExternalPythonOperator, BranchPythonVirtualenvOperator, ExternalPythonOperator,
                               PythonVirtualenvOperator)
from airflow.sdk._operators import (BaseSensorOperator, BranchMixIn, PokeReturnValue, PythonOperator,
                                    _canonical, determine_kwargs)


class DecoratedOperator(PythonOperator):
    """Runs the decorated function with the TaskFlow arguments (XComArgs resolved by Java)."""

    custom_operator_name = "@task"


@_canonical("airflow.decorators.python")
class _PythonDecoratedOperator(DecoratedOperator):
    pass


@_canonical("airflow.decorators.branch_python")
class _BranchPythonDecoratedOperator(BranchMixIn, DecoratedOperator):
    custom_operator_name = "@task.branch"


@_canonical("airflow.decorators.short_circuit")
class _ShortCircuitDecoratedOperator(DecoratedOperator):
    custom_operator_name = "@task.short_circuit"
    _aloft_kind = "short_circuit"

    def __init__(self, *, ignore_downstream_trigger_rules=True, **kwargs):
        super().__init__(**kwargs)
        self.ignore_downstream_trigger_rules = ignore_downstream_trigger_rules


@_canonical("airflow.decorators.bash")
class _BashDecoratedOperator(DecoratedOperator):
    """``@task.bash``: the function returns a command; Python runs it with bash and returns its last line."""

    custom_operator_name = "@task.bash"

    def __init__(self, *, env=None, append_env=False, cwd=None, skip_on_exit_code=99, **kwargs):
        super().__init__(**kwargs)
        self.env = env
        self.append_env = append_env
        self.cwd = cwd
        self.skip_on_exit_code = skip_on_exit_code

    def execute(self, context):
        import os
        import subprocess

        from airflow.sdk._exceptions import AirflowSkipException

        command = super().execute(context)
        if not isinstance(command, str) or not command.strip():
            raise TypeError("The returned value from the @task.bash callable must be a non-empty string.")
        env = self.env
        if env is None or self.append_env:
            env = dict(os.environ, **(env or {}))
        proc = subprocess.Popen(["bash", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=env, cwd=self.cwd, text=True)
        line = ""
        for raw in proc.stdout:
            line = raw.rstrip("\n")
            print(line)
        code = proc.wait()
        if code == self.skip_on_exit_code:
            raise AirflowSkipException("Bash command returned exit code %d. Skipping." % code)
        if code != 0:
            raise AirflowException("Bash command failed. The command returned a non-zero exit code %d." % code)
        return line


@_canonical("airflow.decorators.python_virtualenv")
class _VirtualenvDecoratedOperator(PythonVirtualenvOperator):
    custom_operator_name = "@task.virtualenv"


@_canonical("airflow.decorators.external_python")
class _ExternalPythonDecoratedOperator(ExternalPythonOperator):
    custom_operator_name = "@task.external_python"


@_canonical("airflow.decorators.branch_virtualenv")
class _BranchVirtualenvDecoratedOperator(BranchPythonVirtualenvOperator):
    custom_operator_name = "@task.branch_virtualenv"


@_canonical("airflow.decorators.branch_external_python")
class _BranchExternalPythonDecoratedOperator(BranchExternalPythonOperator):
    custom_operator_name = "@task.branch_external_python"


@_canonical("airflow.decorators.sensor")
class DecoratedSensorOperator(BaseSensorOperator):
    template_fields = ("op_args", "op_kwargs")
    custom_operator_name = "@task.sensor"

    def __init__(self, *, python_callable, op_args=None, op_kwargs=None, multiple_outputs=False, **kwargs):
        super().__init__(**kwargs)
        self.python_callable = python_callable
        self.op_args = op_args or ()
        self.op_kwargs = op_kwargs or {}

    def poke(self, context):
        context = dict(context)
        context.update(self.op_kwargs)
        kwargs = determine_kwargs(self.python_callable, self.op_args, context)
        return self.python_callable(*self.op_args, **kwargs)


def _unique_task_id(task_id, dag, group):
    full = group.child_id(task_id) if group is not None else task_id
    if dag is None or full not in dag.task_dict:
        return task_id
    head, sep, tail = task_id.rpartition("__")
    core = head if sep and tail.isdigit() else task_id
    n = 1
    while (group.child_id("%s__%d" % (core, n)) if group is not None else "%s__%d" % (core, n)) in dag.task_dict:
        n += 1
    return "%s__%d" % (core, n)


def _infers_multiple_outputs(function):
    """Airflow infers multiple_outputs from a dict return annotation (``-> dict``, ``-> Dict[str, int]``)."""
    ret = getattr(function, "__annotations__", {}).get("return")
    if ret is None:
        return False
    if isinstance(ret, str):
        import re

        return re.match(r"^\s*(typing\.)?(dict|Dict)\b", ret) is not None
    origin = getattr(ret, "__origin__", None) or ret
    return isinstance(origin, type) and issubclass(origin, dict)


# Context keys a TaskFlow function may declare without a default: Airflow fills them when the task runs,
# so binding at parse time treats them as if their default were None (Airflow's KNOWN_CONTEXT_KEYS).
KNOWN_CONTEXT_KEYS = frozenset((
    "conf", "conn", "dag", "dag_run", "data_interval_end", "data_interval_start", "ds", "ds_nodash",
    "execution_date", "expanded_ti_count", "exception", "inlets", "inlet_events", "logical_date", "macros",
    "map_index_template", "next_ds", "next_ds_nodash", "next_execution_date", "outlets", "outlet_events",
    "params", "prev_data_interval_start_success", "prev_data_interval_end_success", "prev_ds",
    "prev_ds_nodash", "prev_execution_date", "prev_execution_date_success", "prev_start_date_success",
    "prev_end_date_success", "reason", "run_id", "task", "task_instance", "task_instance_key_str",
    "test_mode", "templates_dict", "ti", "tomorrow_ds", "tomorrow_ds_nodash", "triggering_dataset_events",
    "triggering_asset_events", "ts", "ts_nodash", "ts_nodash_with_tz", "try_number", "var",
    "yesterday_ds", "yesterday_ds_nodash", "map_index", "start_date"))


def bind_arguments(function, args, kwargs, context_keys=frozenset()):
    """The function's parameters bound to ``args``/``kwargs`` with defaults applied, like
    ``inspect.signature(function).bind(...)`` but without building a Signature (slow in GraalPy's
    interpreter). Raises TypeError as a call would. Parameters named in ``context_keys`` and not given
    are left unbound: the task's context fills them at run time."""
    code = function.__code__
    n_pos = code.co_argcount
    names = code.co_varnames[:n_pos + code.co_kwonlyargcount]
    pos_names = names[:n_pos]
    has_varargs = bool(code.co_flags & 0x04)
    has_varkw = bool(code.co_flags & 0x08)
    name = function.__name__
    if len(args) > n_pos and not has_varargs:
        raise TypeError("%s() takes %d positional arguments but %d were given" % (name, n_pos, len(args)))
    bound = dict(zip(pos_names, args))
    for key, value in kwargs.items():
        if key in bound:
            raise TypeError("%s() got multiple values for argument %r" % (name, key))
        if key not in names and not has_varkw:
            raise TypeError("%s() got an unexpected keyword argument %r" % (name, key))
        bound[key] = value
    defaults = function.__defaults__ or ()
    first_default = n_pos - len(defaults)
    for i, pname in enumerate(pos_names):
        if pname not in bound:
            if i >= first_default:
                bound[pname] = defaults[i - first_default]
            elif pname not in ("self",) and pname not in context_keys:
                raise TypeError("%s() missing required argument %r" % (name, pname))
    kwdefaults = function.__kwdefaults__ or {}
    for pname in names[n_pos:]:
        if pname not in bound:
            if pname in kwdefaults:
                bound[pname] = kwdefaults[pname]
            elif pname not in context_keys:
                raise TypeError("%s() missing required keyword-only argument %r" % (name, pname))
    return bound


class _TaskDecorator:
    """The object ``@task`` turns a function into: calling it creates the task and returns an XComArg."""

    def __init__(self, function, operator_class, kwargs):
        self.function = function
        self.operator_class = operator_class
        self.kwargs = kwargs
        # What functools.update_wrapper would copy, minus its cost in GraalPy's interpreter.
        self.__name__ = getattr(function, "__name__", "task")
        self.__qualname__ = getattr(function, "__qualname__", self.__name__)
        self.__doc__ = function.__doc__
        self.__module__ = function.__module__
        self.__wrapped__ = function

    def __call__(self, *args, **kwargs):
        return XComArg(self._create(args, kwargs))

    def _create(self, args, kwargs):
        op_kwargs = dict(self.kwargs)
        dag = op_kwargs.get("dag") or _state.current_dag()
        group = op_kwargs.get("task_group") or _current_group(dag)
        if dag is None:
            raise AirflowException("Task %r (@task %s) was called outside a DAG: call it inside `with DAG(...)` "
                                   "or a @dag function" % (op_kwargs.get("task_id"), self.function.__name__))
        op_kwargs["task_id"] = _unique_task_id(op_kwargs.get("task_id") or self.function.__name__, dag, group)
        if "multiple_outputs" not in op_kwargs and self.operator_class is not DecoratedSensorOperator:
            op_kwargs["multiple_outputs"] = _infers_multiple_outputs(self.function)
        if hasattr(self.function, "__code__"):
            bind_arguments(self.function, args, kwargs, KNOWN_CONTEXT_KEYS)
        op = self.operator_class(python_callable=self.function, op_args=list(args), op_kwargs=dict(kwargs),
                                 **op_kwargs)
        if op.doc_md is None and self.function.__doc__:
            op.doc_md = _signatures.cleandoc(self.function.__doc__)
        return op

    def override(self, **kwargs):
        return _TaskDecorator(self.function, self.operator_class, dict(self.kwargs, **kwargs))

    def partial(self, **kwargs):
        return _TaskPartial(self, kwargs)

    def expand(self, **kwargs):
        return _TaskPartial(self, {}).expand(**kwargs)

    def expand_kwargs(self, kwargs):
        return _TaskPartial(self, {}).expand_kwargs(kwargs)


class _TaskPartial:
    def __init__(self, decorator, kwargs):
        self.decorator = decorator
        self.kwargs = kwargs

    def expand(self, **mapped):
        if not mapped:
            raise TypeError("expand() needs at least one argument to map over")
        for name, value in mapped.items():
            _check_expand_value(name, value)
        call_kwargs = dict(self.kwargs)
        call_kwargs.update({name: MAPPED for name in mapped})
        op = self.decorator._create((), call_kwargs)
        for name in mapped:
            del op.op_kwargs[name]
        op._aloft_expand = dict(mapped)
        for ref in XComArg.iter_xcom_references(mapped):
            set_dependency(ref.operator, op)
        return XComArg(op)

    def expand_kwargs(self, kwargs):
        """One mapped instance per dict of ``kwargs`` (a list of dicts, or an XComArg holding one): each
        dict's items become the instance's keyword arguments, over those given to ``partial()``."""
        _check_expand_kwargs_value(kwargs)
        function = self.decorator.function
        facts = _signatures.parameters(function)
        if facts is not None and facts[2]:
            raise TypeError("calling expand_kwargs() on a @task function with *args is not supported")
        # Every parameter not given to partial() may come from the dicts: bind them all as mapped.
        names = [] if facts is None else [n for n in facts[0] + facts[1] if n not in self.kwargs]
        op = self.decorator._create((), dict(self.kwargs, **{n: MAPPED for n in names
                                                              if n not in KNOWN_CONTEXT_KEYS}))
        for name in names:
            op.op_kwargs.pop(name, None)
        op._aloft_expand = {EXPAND_KWARGS: kwargs}
        for ref in XComArg.iter_xcom_references(kwargs):
            set_dependency(ref.operator, op)
        return XComArg(op)


def _decorator(operator_class, python_callable=None, multiple_outputs=None, **kwargs):
    if multiple_outputs is not None:
        kwargs["multiple_outputs"] = multiple_outputs
    if python_callable is not None:
        return _TaskDecorator(python_callable, operator_class, kwargs)
    return lambda f: _TaskDecorator(f, operator_class, kwargs)


class _TaskDecoratorCollection:
    """``task`` itself: ``@task``, ``@task(...)``, ``@task.branch``, ``@task.sensor(...)``, ..."""

    def __call__(self, python_callable=None, multiple_outputs=None, **kwargs):
        return _decorator(_PythonDecoratedOperator, python_callable, multiple_outputs, **kwargs)

    def python(self, python_callable=None, multiple_outputs=None, **kwargs):
        return _decorator(_PythonDecoratedOperator, python_callable, multiple_outputs, **kwargs)

    def branch(self, python_callable=None, multiple_outputs=None, **kwargs):
        return _decorator(_BranchPythonDecoratedOperator, python_callable, multiple_outputs, **kwargs)

    def short_circuit(self, python_callable=None, multiple_outputs=None, **kwargs):
        return _decorator(_ShortCircuitDecoratedOperator, python_callable, multiple_outputs, **kwargs)

    def sensor(self, python_callable=None, **kwargs):
        return _decorator(DecoratedSensorOperator, python_callable, None, **kwargs)

    def bash(self, python_callable=None, **kwargs):
        return _decorator(_BashDecoratedOperator, python_callable, None, **kwargs)

    def virtualenv(self, python_callable=None, multiple_outputs=None, **kwargs):
        return _decorator(_VirtualenvDecoratedOperator, python_callable, multiple_outputs, **kwargs)

    def external_python(self, python_callable=None, multiple_outputs=None, **kwargs):
        return _decorator(_ExternalPythonDecoratedOperator, python_callable, multiple_outputs, **kwargs)

    def branch_virtualenv(self, python_callable=None, multiple_outputs=None, **kwargs):
        return _decorator(_BranchVirtualenvDecoratedOperator, python_callable, multiple_outputs, **kwargs)

    def branch_external_python(self, python_callable=None, multiple_outputs=None, **kwargs):
        return _decorator(_BranchExternalPythonDecoratedOperator, python_callable, multiple_outputs, **kwargs)

    def __getattr__(self, name):
        raise AirflowException("@task.%s is not supported by Aloft" % name)


task = _TaskDecoratorCollection()


class _SetupTeardownDecorator(_TaskDecorator):
    """``@setup`` / ``@teardown``: a ``@task`` whose task is marked as a setup or a teardown when it is made."""

    def __init__(self, function, operator_class, kwargs, role, on_failure_fail_dagrun=False):
        super().__init__(function, operator_class, kwargs)
        self._role = role
        self._on_failure_fail_dagrun = on_failure_fail_dagrun

    def _create(self, args, kwargs):
        op = super()._create(args, kwargs)
        if self._role == "setup":
            op.as_setup()
        else:
            op.as_teardown(on_failure_fail_dagrun=self._on_failure_fail_dagrun)
        return op

    def override(self, **kwargs):
        return _SetupTeardownDecorator(self.function, self.operator_class, dict(self.kwargs, **kwargs), self._role,
                                       self._on_failure_fail_dagrun)


def _role_decorator(role, python_callable, on_failure_fail_dagrun=False):
    def make(f):
        if isinstance(f, _TaskDecorator):  # @setup over @task(...) or @task.bash
            return _SetupTeardownDecorator(f.function, f.operator_class, f.kwargs, role, on_failure_fail_dagrun)
        return _SetupTeardownDecorator(f, _PythonDecoratedOperator, {}, role, on_failure_fail_dagrun)

    return make(python_callable) if python_callable is not None else make


def setup(python_callable=None):
    """``@setup``: the decorated function's task is a setup task."""
    return _role_decorator("setup", python_callable)


def teardown(python_callable=None, *, on_failure_fail_dagrun=False):
    """``@teardown``: the decorated function's task is a teardown task (``all_done_setup_success``)."""
    return _role_decorator("teardown", python_callable, on_failure_fail_dagrun)


def dag(dag_id="", **dag_kwargs):
    """``@dag`` / ``@dag(...)``: calling the decorated function builds and returns the DAG. The function's
    parameters with defaults become DAG params."""
    if callable(dag_id):
        return dag()(dag_id)

    def wrapper(function):
        @functools.wraps(function)
        def factory(*args, **kwargs):
            code = function.__code__
            named = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
            bound = bind_arguments(function, args, kwargs)
            params = dict(dag_kwargs.get("params") or {})
            for name in named:
                params.setdefault(name, bound[name])
            options = dict(dag_kwargs, params=params)
            options.setdefault("doc_md", _signatures.cleandoc(function.__doc__) if function.__doc__ else None)
            with DAG(dag_id or function.__name__, **options) as the_dag:
                function(*args, **kwargs)
            return the_dag

        return factory

    return wrapper


class _TaskGroupDecorator:
    """What ``@task_group`` turns a function into: each call builds a TaskGroup (``group_id`` defaults to the
    function's name, with ``__1``, ``__2`` ... on a repeated call) and runs the function inside it. The call
    returns what the function returned (so ``start >> group_fn() >> end`` binds to the returned task), or the
    group itself when the function returned nothing, as in Airflow."""

    def __init__(self, function, tg_kwargs):
        self.function = function
        self.tg_kwargs = dict(tg_kwargs)
        self.tg_kwargs.setdefault("group_id", getattr(function, "__name__", None))
        self.__name__ = getattr(function, "__name__", "task_group")
        self.__doc__ = function.__doc__
        self.__wrapped__ = function

    def __call__(self, *args, **kwargs):
        options = dict(self.tg_kwargs)
        options["add_suffix_on_collision"] = True
        with TaskGroup(**options) as group:
            if self.function.__doc__ and not group.tooltip:
                group.tooltip = self.function.__doc__
            result = self.function(*args, **kwargs)
        return group if result is None else result

    def override(self, **kwargs):
        return _TaskGroupDecorator(self.function, dict(self.tg_kwargs, **kwargs))

    def partial(self, **kwargs):
        return _MappedTaskGroupPartial(self, kwargs)

    def expand(self, **kwargs):
        return _MappedTaskGroupPartial(self, {}).expand(**kwargs)

    def expand_kwargs(self, kwargs):
        return _MappedTaskGroupPartial(self, {}).expand_kwargs(kwargs)


class MappedArgument:
    """What a mapped task group's function gets for a mapped parameter (Airflow's ``MappedArgument``): passed
    to a task in the group, it becomes that instance's element, resolved by Java per map index."""

    def __init__(self, name):
        self._name = name

    def _aloft_serialize(self):
        return {"__group_arg__": self._name}

    def __iter__(self):
        raise TypeError("a mapped task group's argument %r has its value only when the tasks run: pass it to a "
                        "task instead of using it in the group function" % self._name)

    def __repr__(self):
        return "MappedArgument(%r)" % self._name


class _MappedTaskGroupPartial:
    """``@task_group`` function ``.partial(...)``: ``.expand(...)``/``.expand_kwargs(...)`` build one mapped
    task group. Every task in it is mapped over the group's input (one instance per element, map indexes
    lining up across the group), as in Airflow 2.10."""

    def __init__(self, decorator, kwargs):
        self.decorator = decorator
        self.kwargs = kwargs

    def expand(self, **mapped):
        if not mapped:
            raise TypeError("expand() needs at least one argument to map over")
        for name, value in mapped.items():
            _check_expand_value(name, value)
            if name in self.kwargs:
                raise TypeError("argument %r given to both partial() and expand()" % name)
        call_kwargs = dict(self.kwargs, **{name: MappedArgument(name) for name in mapped})
        return self._build(dict(mapped), call_kwargs)

    def expand_kwargs(self, kwargs):
        _check_expand_kwargs_value(kwargs)
        facts = _signatures.parameters(self.decorator.function)
        names = [] if facts is None else [n for n in facts[0] + facts[1] if n not in self.kwargs]
        call_kwargs = dict(self.kwargs, **{name: MappedArgument(name) for name in names})
        return self._build({EXPAND_KWARGS: kwargs}, call_kwargs)

    def _build(self, expand, call_kwargs):
        options = dict(self.decorator.tg_kwargs)
        options["add_suffix_on_collision"] = True
        with TaskGroup(**options) as group:
            if self.decorator.function.__doc__ and not group.tooltip:
                group.tooltip = self.decorator.function.__doc__
            result = self.decorator.function(**call_kwargs)
        tasks = group._all_tasks()
        for op in tasks:
            if op._aloft_expand is not None:
                raise AirflowException(
                    "task %r maps (.expand()) inside the mapped task group %r: Aloft, like Airflow 2.10, does not "
                    "expand a task inside a mapped task group; pass the group's argument to the task unmapped"
                    % (op.task_id, group.group_id))
            op._aloft_expand = expand
            op._aloft_mapped_group = group.group_id
        roots = group.get_roots()
        for ref in XComArg.iter_xcom_references(expand):
            for op in roots:
                set_dependency(ref.operator, op)
        group._aloft_mapped = True
        return group if result is None else result


def task_group(python_callable=None, **tg_kwargs):
    """``@task_group`` / ``@task_group(group_id=..., tooltip=..., default_args=...)``; ``.expand(...)``,
    ``.expand_kwargs(...)`` and ``.partial(...)`` on it build a mapped task group."""
    if callable(python_callable) and not tg_kwargs:
        return _TaskGroupDecorator(python_callable, {})
    if python_callable is not None and not callable(python_callable):
        tg_kwargs["group_id"] = python_callable  # @task_group("name")
    return lambda f: _TaskGroupDecorator(f, tg_kwargs)
