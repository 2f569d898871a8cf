"""DAG, BaseOperator, TaskGroup, XComArg, Label, Param, chain: the declarative core, as Airflow 2.10 has it.

Importing a DAG file only builds these objects; ``_serialize`` turns them into DagSpec JSON for Java.
Standard library only, and never pendulum: pendulum datetimes are accepted because they are datetimes.
"""

import datetime as _dt
import enum
import functools

from airflow.sdk import _signatures, _state
from airflow.sdk._exceptions import AirflowDagCycleException, AirflowException, DuplicateTaskIdFound

_NOTSET = object()
# Values that never hold an XComArg.
_LEAVES = frozenset((str, int, bool, float, type(None), _dt.datetime, _dt.date, _dt.timedelta))


class TriggerRule(str, enum.Enum):
    ALL_SUCCESS = "all_success"
    ALL_FAILED = "all_failed"
    ALL_DONE = "all_done"
    ALL_DONE_SETUP_SUCCESS = "all_done_setup_success"
    ONE_SUCCESS = "one_success"
    ONE_FAILED = "one_failed"
    ONE_DONE = "one_done"
    NONE_FAILED = "none_failed"
    NONE_FAILED_OR_SKIPPED = "none_failed_or_skipped"
    NONE_SKIPPED = "none_skipped"
    DUMMY = "dummy"
    ALWAYS = "always"
    NONE_FAILED_MIN_ONE_SUCCESS = "none_failed_min_one_success"
    ALL_SKIPPED = "all_skipped"

    @classmethod
    def is_valid(cls, value):
        return value in _ALL_TRIGGER_RULES

    @classmethod
    def all_triggers(cls):
        return set(_ALL_TRIGGER_RULES)

    def __str__(self):
        return self.value


_ALL_TRIGGER_RULES = frozenset(m.value for m in TriggerRule)

# Deprecated spellings Airflow 2 still accepts, written out as what they mean.
_TRIGGER_ALIASES = {"dummy": "always", "none_failed_or_skipped": "none_failed_min_one_success"}


class WeightRule(str, enum.Enum):
    DOWNSTREAM = "downstream"
    UPSTREAM = "upstream"
    ABSOLUTE = "absolute"

    def __str__(self):
        return self.value


_valid_keys = set()


def validate_key(kind, key):
    if key.__class__ is str and key in _valid_keys:  # the same ids come back with every evaluation of a file
        return
    if not isinstance(key, str):
        raise TypeError("The %s must be a string, got %r" % (kind, key))
    if len(key) > 250:
        raise AirflowException("The %s %r is longer than 250 characters" % (kind, key))
    # Airflow's ^[\w.-]+$ with str methods: no re module to import (a tenth of a second in a fresh
    # context), and no Python-level loop over the characters (slow in GraalPy's interpreter).
    rest = key.replace("_", "").replace(".", "").replace("-", "")
    if not key or (rest and not rest.isalnum()):
        raise AirflowException(
            "The %s %r has to be made of alphanumeric characters, dashes, dots and underscores exclusively"
            % (kind, key))
    if len(_valid_keys) > 100000:
        _valid_keys.clear()
    _valid_keys.add(key)


# ---------------------------------------------------------------------------------------------- dependencies

def _flatten(obj):
    if isinstance(obj, (list, tuple, set, frozenset)):
        out = []
        for item in obj:
            out.extend(_flatten(item))
        return out
    return [obj]


def _upstream_side(obj):
    """The operators at the end of ``obj`` when it stands left of ``>>``."""
    if isinstance(obj, BaseOperator):
        return [obj]
    if isinstance(obj, XComArg):
        return [obj.operator]
    if isinstance(obj, TaskGroup):
        return obj.get_leaves()
    raise TypeError("Relationships can only be set between operators, task groups, XComArgs, labels "
                    "and lists of them, not %r" % (obj,))


def _downstream_side(obj):
    """The operators at the start of ``obj`` when it stands right of ``>>``."""
    if isinstance(obj, BaseOperator):
        return [obj]
    if isinstance(obj, XComArg):
        return [obj.operator]
    if isinstance(obj, TaskGroup):
        return obj.get_roots()
    raise TypeError("Relationships can only be set between operators, task groups, XComArgs, labels "
                    "and lists of them, not %r" % (obj,))


def set_dependency(up, down, label=None):
    """``up >> down`` for any mix of operators, XComArgs, task groups, labels and lists of them."""
    if isinstance(up, BaseOperator) and isinstance(down, BaseOperator):  # the common case, first
        _add_edge(up, down, label)
        return
    if isinstance(up, (list, tuple, set, frozenset)):
        for item in _flatten(up):
            set_dependency(item, down, label)
        return
    if isinstance(down, EdgeModifier):
        down._upstream.append(up)
        return
    if isinstance(up, EdgeModifier):
        for item in up._upstream:
            set_dependency(item, down, up.label)
        if not up._upstream:
            up._downstream.append(down)
        return
    ups = _upstream_side(up)
    if isinstance(down, (list, tuple, set, frozenset)):
        for item in _flatten(down):
            if isinstance(item, EdgeModifier):
                item._upstream.append(up)
            else:
                for d in _downstream_side(item):
                    for u in ups:
                        _add_edge(u, d, label)
        return
    for d in _downstream_side(down):
        for u in ups:
            _add_edge(u, d, label)


def _add_edge(up, down, label):
    up_dag = up._dag  # the attribute behind the dag property: this runs for every edge of every DAG file
    down_dag = down._dag
    if up_dag is not down_dag:
        if up_dag is None:
            down_dag.add_task(up)
            up_dag = down_dag
        elif down_dag is None:
            up_dag.add_task(down)
        else:
            raise AirflowException("Tried to set relationships between tasks in more than one DAG: %r in %r and %r "
                                   "in %r" % (up.task_id, up_dag.dag_id, down.task_id, down_dag.dag_id))
    elif up_dag is None:
        raise AirflowException(
            "Tried to create relationships between tasks that don't have DAGs yet (%r and %r). "
            "Create them inside `with DAG(...)` or pass dag=..." % (up.task_id, down.task_id))
    up.downstream_task_ids.add(down.task_id)
    down.upstream_task_ids.add(up.task_id)
    if label is not None:
        up_dag._edge_labels[(up.task_id, down.task_id)] = label


def _operator_of(obj):
    if isinstance(obj, XComArg):
        return obj.operator
    if isinstance(obj, BaseOperator):
        return obj
    raise TypeError("setups must be tasks or the results of @task calls, not %r" % (obj,))


def _enter_setup_teardown(op):
    """``with teardown_task:`` (or ``with setup >> teardown:``, or ``with setup_task:``): the tasks made in the
    block run after the teardown's setups (or the setup) and before the teardown, as in Airflow."""
    if not (op.is_setup or op.is_teardown):
        raise AirflowException("Only setup and teardown tasks can be used as context managers: %r is neither; "
                               "call .as_setup() or .as_teardown() first" % op.task_id)
    _state.setup_teardown_stack.append((op, len(_state.operators)))


def _exit_setup_teardown(op, ok):
    if not _state.setup_teardown_stack or _state.setup_teardown_stack[-1][0] is not op:
        return
    _, mark = _state.setup_teardown_stack.pop()
    if not ok:
        return
    made = [t for t in _state.operators[mark:] if t is not op and t.dag is op.dag]
    if op.is_teardown:
        setups = [op.dag.task_dict[u] for u in sorted(op.upstream_task_ids) if op.dag.task_dict[u].is_setup]
        teardown = op
    else:
        setups, teardown = [op], None
    made = [t for t in made if t not in setups]
    ids = {t.task_id for t in made}
    for t in made:
        if ids.isdisjoint(t.upstream_task_ids):
            for s in setups:
                _add_edge(s, t, None)
        if teardown is not None and ids.isdisjoint(t.downstream_task_ids):
            _add_edge(t, teardown, None)


class DependencyMixin:
    """``>>``, ``<<``, ``set_upstream`` and ``set_downstream``, with lists on either side."""

    def __rshift__(self, other):
        set_dependency(self, other)
        return other

    def __lshift__(self, other):
        set_dependency(other, self)
        return other

    def __rrshift__(self, other):
        set_dependency(other, self)
        return self

    def __rlshift__(self, other):
        set_dependency(self, other)
        return self

    def set_downstream(self, other, edge_modifier=None):
        set_dependency(self, other, edge_modifier.label if edge_modifier is not None else None)

    def set_upstream(self, other, edge_modifier=None):
        set_dependency(other, self, edge_modifier.label if edge_modifier is not None else None)


class EdgeModifier(DependencyMixin):
    """``a >> Label("why") >> b``: the label is drawn on the edge from a to b."""

    def __init__(self, label=None):
        self.label = label
        self._upstream = []
        self._downstream = []

    def __rshift__(self, other):
        set_dependency(self, other)
        return other

    def __rrshift__(self, other):
        set_dependency(other, self)
        return self


def Label(label):
    return EdgeModifier(label)


def chain(*tasks):
    """``chain(a, [b, c], d)``: a >> [b, c] >> d; two lists next to each other must have equal length."""
    for up, down in zip(tasks, tasks[1:]):
        if isinstance(up, (list, tuple)) and isinstance(down, (list, tuple)):
            if len(up) != len(down):
                raise AirflowException("Chain not supported for different length Iterable. Got %d and %d."
                                       % (len(up), len(down)))
            for u, d in zip(up, down):
                set_dependency(u, d)
        else:
            set_dependency(up, down)


def cross_downstream(from_tasks, to_tasks):
    for task in from_tasks:
        set_dependency(task, list(to_tasks))


def chain_linear(*elements):
    for up, down in zip(elements, elements[1:]):
        set_dependency(up, down)


# ---------------------------------------------------------------------------------------------- XComArg

class XComArg(DependencyMixin):
    """A reference to another task's XCom, resolved by Java at run time (``{"__xcom__": ...}``)."""

    def __init__(self, operator, key="return_value"):
        self.operator = operator
        self.key = key

    def __getitem__(self, key):
        return XComArg(self.operator, key)

    def __iter__(self):
        raise TypeError("'XComArg' object is not iterable: its value exists only when the task runs")

    def map(self, f):
        raise AirflowException("XComArg.map() is not supported by Aloft")

    def zip(self, *others, **kwargs):
        raise AirflowException("XComArg.zip() is not supported by Aloft")

    @property
    def output(self):
        return self

    def __repr__(self):
        return "XComArg(%r, %r)" % (self.operator.task_id, self.key)

    def as_setup(self):
        self.operator.as_setup()
        return self

    def as_teardown(self, **kwargs):
        self.operator.as_teardown(**kwargs)
        return self

    def __enter__(self):
        _enter_setup_teardown(self.operator)
        return self

    def __exit__(self, *exc):
        _exit_setup_teardown(self.operator, exc[0] is None)

    @staticmethod
    def iter_xcom_references(value, found=None):
        """Every XComArg inside ``value`` (dicts, lists, tuples, sets), as a list."""
        if found is None:
            found = []
        if value.__class__ in _LEAVES:
            return found
        if isinstance(value, XComArg):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                if v.__class__ not in _LEAVES:  # most operator arguments: no call for them
                    XComArg.iter_xcom_references(v, found)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                if v.__class__ not in _LEAVES:
                    XComArg.iter_xcom_references(v, found)
        return found


PlainXComArg = XComArg


# ---------------------------------------------------------------------------------------------- Param

class Param:
    """A DAG param: a default (optional) plus JSON-schema keywords (type, minimum, enum, ...)."""

    def __init__(self, default=_NOTSET, description=None, **kwargs):
        self.value = default
        self.description = description
        self.schema = kwargs.pop("schema") if "schema" in kwargs else kwargs

    def has_value(self):
        return self.value is not _NOTSET

    def resolve(self, value=_NOTSET, suppress_exception=False):
        return self.value if value is _NOTSET else value

    def dump(self):
        return {"value": None if self.value is _NOTSET else self.value, "description": self.description,
                "schema": self.schema}

    def __repr__(self):
        return "Param(%r)" % (None if self.value is _NOTSET else self.value,)


class ParamsDict(dict):
    """Maps param names to Params; reading an item gives the param's value, as in Airflow."""

    def __init__(self, params=None):  # dict.__new__ made it empty; every operator makes one
        if params:
            for k, v in params.items():
                self[k] = v

    def __setitem__(self, key, value):
        super().__setitem__(key, value if isinstance(value, Param) else Param(value))

    def __getitem__(self, key):
        p = super().__getitem__(key)
        return None if p.value is _NOTSET else p.value

    def get_param(self, key):
        return super().__getitem__(key)

    def update(self, other=(), **kw):
        for k, v in dict(other, **kw).items():
            self[k] = v

    def validate(self):
        return {k: self[k] for k in self}


# ---------------------------------------------------------------------------------------------- DAG

_UNSET = object()


class DAG:
    """A DAG, as ``airflow.models.dag.DAG`` takes it; a context manager that collects the tasks created in it."""

    def __init__(self, dag_id=None, description=None, schedule=_UNSET, schedule_interval=_UNSET,
                 timetable=None, start_date=None, end_date=None, full_filepath=None, template_searchpath=None,
                 template_undefined=None, user_defined_macros=None, user_defined_filters=None,
                 default_args=None, concurrency=None, max_active_tasks=16, max_active_runs=16,
                 max_consecutive_failed_dag_runs=0, dagrun_timeout=None, sla_miss_callback=None,
                 default_view="grid", orientation="LR", catchup=True, on_success_callback=None,
                 on_failure_callback=None, doc_md=None, params=None, access_control=None,
                 is_paused_upon_creation=None, jinja_environment_kwargs=None,
                 render_template_as_native_obj=False, tags=None, owner_links=None, auto_register=True,
                 fail_stop=False, dag_display_name=None, fail_fast=False):
        if dag_id is None:
            raise TypeError("DAG() missing the dag_id argument")
        validate_key("dag_id", dag_id)
        self.dag_id = dag_id
        self.description = description
        self.default_args = dict(default_args or {})
        if schedule is not _UNSET and schedule_interval is not _UNSET:
            raise AirflowException("DAG %r: pass `schedule` or `schedule_interval`, not both" % dag_id)
        if timetable is not None:
            if schedule is not _UNSET or schedule_interval is not _UNSET:
                raise AirflowException("DAG %r: pass `schedule` or `timetable`, not both" % dag_id)
            schedule = timetable
        self.schedule = schedule if schedule is not _UNSET else schedule_interval
        self.start_date = start_date if start_date is not None else self.default_args.get("start_date")
        self.end_date = end_date if end_date is not None else self.default_args.get("end_date")
        self.catchup = catchup
        self.max_active_tasks = concurrency if concurrency is not None else max_active_tasks
        self.max_active_runs = max_active_runs
        self.dagrun_timeout = dagrun_timeout
        self.doc_md = doc_md
        self.tags = list(tags or [])
        self.is_paused_upon_creation = is_paused_upon_creation
        self.params = ParamsDict(self.default_args.get("params"))
        self.params.update(params or {})
        self.on_success_callback = on_success_callback
        self.on_failure_callback = on_failure_callback
        # Accepted so that DAG files run; Aloft does not check SLAs, so it is never called (see the README).
        self.sla_miss_callback = sla_miss_callback
        self.user_defined_macros = user_defined_macros
        self.render_template_as_native_obj = render_template_as_native_obj
        self.dag_display_name = dag_display_name
        # Airflow 3's fail_fast is Airflow 2's fail_stop.
        self.fail_fast = bool(fail_fast or fail_stop)
        self.task_dict = {}
        self._group_ids = {}
        self.task_group = TaskGroup._root(self)
        self._edge_labels = {}
        self.fileloc = _state.current_file
        self._aloft_lineno = _state.caller_lineno()
        _state.dags.append(self)

    def __repr__(self):
        return "<DAG: %s>" % self.dag_id

    def __enter__(self):
        _state.dag_stack.append(self)
        return self

    def __exit__(self, *exc):
        if _state.dag_stack and _state.dag_stack[-1] is self:
            _state.dag_stack.pop()

    @property
    def tasks(self):
        return list(self.task_dict.values())

    @property
    def task_ids(self):
        return list(self.task_dict)

    @property
    def task_group_dict(self):
        return dict(self._group_ids)

    @property
    def owner(self):
        return ", ".join(sorted({t.owner for t in self.task_dict.values()}))

    @property
    def roots(self):
        return [t for t in self.task_dict.values() if not t.upstream_task_ids]

    @property
    def leaves(self):
        return [t for t in self.task_dict.values() if not t.downstream_task_ids]

    def has_task(self, task_id):
        return task_id in self.task_dict

    def get_task(self, task_id):
        if task_id in self.task_dict:
            return self.task_dict[task_id]
        raise AirflowException("Task %s not found" % task_id)

    def add_task(self, task):
        if task.task_id in self.task_dict and self.task_dict[task.task_id] is not task:
            raise DuplicateTaskIdFound("Task id '%s' has already been added to the DAG" % task.task_id)
        if task.task_id in self._group_ids:
            raise DuplicateTaskIdFound("Task id '%s' is already used as a TaskGroup id in the DAG" % task.task_id)
        self.task_dict[task.task_id] = task
        task._dag = self
        if task.task_group is None:
            task.task_group = self.task_group
            self.task_group.add(task)

    def add_tasks(self, tasks):
        for t in tasks:
            self.add_task(t)

    def check_cycle(self):
        """Raises AirflowDagCycleException naming the cycle, if the dependencies have one."""
        # Kahn's count first (a few operations a task); the depth-first search below names the cycle.
        tasks = self.task_dict
        waiting = {}
        ready = []
        for tid, task in tasks.items():
            n = len(task.upstream_task_ids)
            if n:
                waiting[tid] = n
            else:
                ready.append(tid)
        while ready:
            for child in tasks[ready.pop()].downstream_task_ids:
                n = waiting.get(child)
                if n is None:  # not a task of this DAG: the search below decides
                    continue
                n -= 1
                if n:
                    waiting[child] = n
                else:
                    del waiting[child]
                    ready.append(child)
        if waiting:
            self._raise_cycle()

    def _raise_cycle(self):
        white, grey, black = 0, 1, 2
        color = {tid: white for tid in self.task_dict}
        for start in self.task_dict:
            if color[start] != white:
                continue
            path = [start]
            stack = [(start, iter(sorted(self.task_dict[start].downstream_task_ids)))]
            color[start] = grey
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    color[node] = black
                    stack.pop()
                    path.pop()
                elif color.get(child) == grey:
                    cycle = path[path.index(child):] + [child]
                    err = AirflowDagCycleException("Cycle detected in DAG: %s. Faulty task: %s"
                                                   % (" >> ".join(cycle), child))
                    err.aloft_lineno = self.task_dict[child]._aloft_lineno
                    raise err
                elif color.get(child) == white:
                    color[child] = grey
                    path.append(child)
                    stack.append((child, iter(sorted(self.task_dict[child].downstream_task_ids))))

    def test(self, *args, **kwargs):
        """``dag.test()`` under ``if __name__ == "__main__"`` never runs in Aloft; outside it, it fails loudly."""
        raise AirflowException("dag.test() is not supported inside Aloft; use `aloft dags test %s`" % self.dag_id)

    def cli(self):
        raise AirflowException("dag.cli() is not supported inside Aloft")


class TaskGroup(DependencyMixin):
    """Groups tasks; with ``prefix_group_id`` (the default) task ids become ``group_id.task_id``."""

    def __init__(self, group_id, prefix_group_id=True, parent_group=None, dag=None, default_args=None,
                 tooltip="", ui_color="CornflowerBlue", ui_fgcolor="#000", add_suffix_on_collision=False,
                 group_display_name=None):
        dag = dag or (parent_group.dag if parent_group is not None else _state.current_dag())
        if dag is None:
            raise AirflowException("TaskGroup %r can only be used inside a DAG: create it inside `with DAG(...)` "
                                   "or pass dag=..." % (group_id,))
        validate_key("group_id", group_id)
        parent = parent_group or _current_group(dag)
        self.dag = dag
        self.parent_group = parent
        self.prefix_group_id = prefix_group_id
        self.default_args = dict(default_args or {})
        self.tooltip = tooltip
        self.children = {}
        self._group_id = parent.child_id(group_id)
        if self._group_id in dag._group_ids or self._group_id in dag.task_dict:
            if not add_suffix_on_collision:
                raise DuplicateTaskIdFound("group_id '%s' has already been added to the DAG" % self._group_id)
            n = 1
            while "%s__%d" % (self._group_id, n) in dag._group_ids:
                n += 1
            self._group_id = "%s__%d" % (self._group_id, n)
        parent.children[self._group_id] = self
        dag._group_ids[self._group_id] = self

    @classmethod
    def _root(cls, dag):
        root = cls.__new__(cls)
        root.dag = dag
        root.parent_group = None
        root.prefix_group_id = True
        root.default_args = {}
        root.tooltip = ""
        root.children = {}
        root._group_id = None
        return root

    @property
    def group_id(self):
        return self._group_id

    @property
    def is_root(self):
        return self._group_id is None

    def child_id(self, label):
        if self._group_id and self.prefix_group_id:
            return "%s.%s" % (self._group_id, label)
        if self.parent_group is not None:
            return self.parent_group.child_id(label) if not self.prefix_group_id else label
        return label

    def _all_groups(self):
        out = {}
        for child in self.children.values():
            if isinstance(child, TaskGroup):
                out[child.group_id] = child
                out.update(child._all_groups())
        return out

    def _all_default_args(self):
        chain_ = []
        g = self
        while g is not None:
            chain_.append(g.default_args)
            g = g.parent_group
        merged = {}
        for d in reversed(chain_):
            merged.update(d)
        return merged

    def _all_tasks(self, found=None):
        if found is None:
            found = []
        for child in self.children.values():
            if isinstance(child, TaskGroup):
                child._all_tasks(found)
            else:
                found.append(child)
        return found

    def get_roots(self):
        tasks = self._all_tasks()
        ids = {t.task_id for t in tasks}
        return [t for t in tasks if ids.isdisjoint(t.upstream_task_ids)]

    def get_leaves(self):
        tasks = self._all_tasks()
        ids = {t.task_id for t in tasks}
        return [t for t in tasks if ids.isdisjoint(t.downstream_task_ids)]

    def add(self, task):
        self.children[task.task_id] = task

    def __enter__(self):
        _state.group_stack.append(self)
        return self

    def __exit__(self, *exc):
        if _state.group_stack and _state.group_stack[-1] is self:
            _state.group_stack.pop()

    def __repr__(self):
        return "<TaskGroup: %s>" % self._group_id


def _current_group(dag):
    for g in reversed(_state.group_stack):
        if g.dag is dag:
            return g
    return dag.task_group if dag is not None else None


# ---------------------------------------------------------------------------------------------- BaseOperator

_signature_cache = {}


def _init_parameters(cls):
    """Names every ``__init__`` in the class's MRO accepts, and this class's required ones."""
    cached = _signature_cache.get(cls)
    if cached is not None:
        return cached
    names = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None or klass is object:
            continue
        facts = _signatures.parameters(getattr(init, "__wrapped__", init))
        if facts is not None:
            names.update(n for n in facts[0] + facts[1] if n != "self")
    own = _signatures.parameters(getattr(cls.__init__, "__wrapped__", cls.__init__))
    positional_names, keyword_only, _, _, defaults, kwdefaults = own
    positional = [n for n in positional_names if n != "self"]
    first_default = len(positional_names) - len(defaults)
    required = [n for i, n in enumerate(positional_names) if i < first_default and n != "self"]
    required += [n for n in keyword_only if n not in kwdefaults]
    cached = (names, required, positional)
    if not cls.__module__.startswith("airflow"):
        return cached
    _signature_cache[cls] = cached
    return cached


_NOT_FROM_DEFAULTS = frozenset(("dag", "task_group", "params"))


def _apply_defaults(init):
    """Wraps an operator's ``__init__`` like Airflow's metaclass: default_args fill the arguments the
    operator accepts, positional arguments become keyword ones, and the creating line is recorded."""

    @functools.wraps(init)
    def wrapper(self, *args, **kwargs):
        if self.__dict__.get("_aloft_in_init"):
            return init(self, *args, **kwargs)
        self._aloft_in_init = True
        try:
            cls = type(self)
            names, required, positional = _init_parameters(cls)
            if args:
                if len(args) > len(positional):
                    raise AirflowException("%s takes keyword arguments only (got %d positional)"
                                           % (cls.__name__, len(args)))
                for name, value in zip(positional, args):
                    if name in kwargs:
                        raise TypeError("%s got multiple values for argument %r" % (cls.__name__, name))
                    kwargs[name] = value
            dag = kwargs.get("dag") or (_state.dag_stack[-1] if _state.dag_stack else None)
            group = kwargs.get("task_group") or (_current_group(dag) if _state.group_stack or dag is None
                                                 else dag.task_group)
            # The usual case, only the DAG's default_args, reads them without merging copies.
            defaults = dag.default_args if dag is not None else {}
            own = kwargs.pop("default_args", None)
            if own or (group is not None and (group.default_args or group.parent_group is not None)):
                defaults = dict(defaults)
                if group is not None:
                    defaults.update(group._all_default_args())
                defaults.update(own or {})
            for name, value in defaults.items():
                if name not in kwargs and name in names and name not in _NOT_FROM_DEFAULTS:
                    kwargs[name] = value
            missing = [n for n in required if n not in kwargs] if required else None
            if missing:
                raise AirflowException("missing keyword argument%s %s for %s"
                                       % ("s" if len(missing) > 1 else "", ", ".join(repr(m) for m in missing),
                                          cls.__name__))
            self._aloft_kwargs = dict(kwargs)
            self._aloft_lineno = _state.caller_lineno()
            result = init(self, **kwargs)
            self._aloft_after_init()
            return result
        finally:
            self._aloft_in_init = False

    wrapper._aloft_wrapped = True
    return wrapper


_BASE_ARGS = set()


class BaseOperator(DependencyMixin):
    """The operator base class; subclasses declare ``template_fields`` and implement ``execute(context)``.

    A subclass that names a Java operator in ``_aloft_java_operator`` runs in Java with its keyword
    arguments; every other subclass runs its ``execute`` in Python.
    """

    template_fields = ()
    template_ext = ()

    @property
    def log(self):
        """Airflow's ``self.log``: in a running task its lines go to the try's log."""
        own = self.__dict__.get("_aloft_log")
        if own is not None:
            return own
        import logging

        return logging.getLogger("airflow.task.operators.%s.%s" % (type(self).__module__, type(self).__name__))

    @log.setter
    def log(self, value):
        self.__dict__["_aloft_log"] = value
    template_fields_renderers = {}
    ui_color = "#fff"
    ui_fgcolor = "#000"
    shallow_copy_attrs = ()
    _aloft_java_operator = None
    _aloft_kind = "execute"
    # Setup and teardown (Airflow 2.7+): class defaults, set on the instance by as_setup()/as_teardown().
    is_setup = False
    is_teardown = False
    on_failure_fail_dagrun = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None and not getattr(init, "_aloft_wrapped", False):
            cls.__init__ = _apply_defaults(init)

    def __init__(self, task_id=None, owner="airflow", email=None, email_on_retry=True, email_on_failure=True,
                 retries=None, retry_delay=_dt.timedelta(seconds=300), retry_exponential_backoff=False,
                 max_retry_delay=None, start_date=None, end_date=None, depends_on_past=False,
                 ignore_first_depends_on_past=True, wait_for_past_depends_before_skipping=False,
                 wait_for_downstream=False, dag=None, params=None, default_args=None, priority_weight=1,
                 weight_rule="downstream", queue="default", pool=None, pool_slots=1, sla=None,
                 execution_timeout=None, on_execute_callback=None, on_failure_callback=None,
                 on_success_callback=None, on_retry_callback=None, on_skipped_callback=None,
                 pre_execute=None, post_execute=None, trigger_rule="all_success", resources=None,
                 run_as_user=None, task_concurrency=None, map_index_template=None, max_active_tis_per_dag=None,
                 max_active_tis_per_dagrun=None, executor=None, executor_config=None, do_xcom_push=True,
                 multiple_outputs=False, inlets=None, outlets=None, task_group=None, doc=None, doc_md=None,
                 doc_json=None, doc_rst=None, doc_yaml=None, task_display_name=None, logger_name=None,
                 allow_nested_operators=True, **kwargs):
        if task_id is None:
            raise AirflowException("missing keyword argument 'task_id' for %s" % type(self).__name__)
        if kwargs and not self._aloft_java_operator:
            raise AirflowException("Invalid arguments were passed to %s (task_id: %s). Invalid arguments were:\n"
                                   "**kwargs: %r" % (type(self).__name__, task_id, kwargs))
        validate_key("task_id", task_id)
        dag = dag or (_state.dag_stack[-1] if _state.dag_stack else None)
        if task_group is None:
            task_group = _current_group(dag) if _state.group_stack or dag is None else dag.task_group
        self._dag = None
        self.task_group = task_group
        self.task_id = task_group.child_id(task_id) if task_group is not None else task_id
        self.owner = owner
        self.email = email
        self.email_on_retry = bool(email_on_retry)
        self.email_on_failure = bool(email_on_failure)
        self.retries = 0 if retries is None else int(retries)
        self.retry_delay = retry_delay
        self.retry_exponential_backoff = bool(retry_exponential_backoff)
        self.max_retry_delay = max_retry_delay
        self.start_date = start_date
        self.end_date = end_date
        # As in Airflow, waiting for the previous run's downstream tasks implies depends_on_past.
        self.wait_for_downstream = bool(wait_for_downstream)
        self.depends_on_past = bool(depends_on_past) or self.wait_for_downstream
        self.params = ParamsDict(params)
        if trigger_rule.__class__ is not str:
            trigger_rule = trigger_rule.value if isinstance(trigger_rule, TriggerRule) else trigger_rule
        if trigger_rule not in _ALL_TRIGGER_RULES:
            raise AirflowException("The trigger_rule must be one of %s,'%s'; received '%s'."
                                   % (sorted(TriggerRule.all_triggers()), self.task_id, trigger_rule))
        self.trigger_rule = _TRIGGER_ALIASES.get(trigger_rule, trigger_rule)
        if weight_rule.__class__ is not str:
            weight_rule = weight_rule.value if isinstance(weight_rule, WeightRule) else weight_rule
        if weight_rule not in ("downstream", "upstream", "absolute"):
            # A custom PriorityWeightStrategy (Airflow 2.9+): an instance or a registered class's dotted path.
            # Built-in rules stay words, which the scheduler computes itself.
            from airflow.task.priority_strategy import validate_and_load_priority_weight_strategy
            weight_rule = validate_and_load_priority_weight_strategy(weight_rule)
        self.weight_rule = weight_rule
        self.priority_weight = int(priority_weight)
        self.queue = queue
        self.pool = pool or "default_pool"
        self.pool_slots = int(pool_slots)
        if self.pool_slots < 1:
            raise ValueError("pool slots for %s in dag %s cannot be less than 1"
                             % (self.task_id, dag.dag_id if dag else None))
        self.execution_timeout = execution_timeout
        self.on_execute_callback = on_execute_callback
        self.on_failure_callback = on_failure_callback
        self.on_success_callback = on_success_callback
        self.on_retry_callback = on_retry_callback
        self.on_skipped_callback = on_skipped_callback
        self.sla = sla
        self.do_xcom_push = do_xcom_push
        self.multiple_outputs = multiple_outputs
        self.doc_md = doc_md if doc_md is not None else doc
        self.max_active_tis_per_dag = max_active_tis_per_dag if max_active_tis_per_dag is not None else task_concurrency
        self.executor_config = executor_config or {}
        # Rendered after each try of a mapped instance (Airflow 2.9+): the instance's name in the UI and API.
        self.map_index_template = map_index_template
        self.inlets = inlets or []
        self.outlets = outlets or []
        self.upstream_task_ids = set()
        self.downstream_task_ids = set()
        self._aloft_expand = None
        self._aloft_extra_args = dict(kwargs)
        if "_aloft_lineno" not in self.__dict__:
            self._aloft_lineno = _state.caller_lineno()
        if "_aloft_kwargs" not in self.__dict__:
            self._aloft_kwargs = dict(kwargs, task_id=task_id)
        _state.operators.append(self)
        if dag is not None:
            if task_group is not None:
                task_group.add(self)
            dag.add_task(self)

    def _aloft_after_init(self):
        for value in self._aloft_kwargs.values():
            if value.__class__ not in _LEAVES:  # most arguments are strings and numbers: no call for them
                for ref in XComArg.iter_xcom_references(value):
                    if ref.operator.task_id not in self.upstream_task_ids:
                        set_dependency(ref.operator, self)

    def as_setup(self):
        """Marks this task as a setup task; returns it."""
        self.is_setup = True
        return self

    def as_teardown(self, *, setups=_NOTSET, on_failure_fail_dagrun=_NOTSET):
        """Marks this task as a teardown (trigger rule ``all_done_setup_success``); ``setups`` become setup
        tasks upstream of it. A failed teardown fails the run only with ``on_failure_fail_dagrun=True``."""
        self.is_teardown = True
        self.trigger_rule = TriggerRule.ALL_DONE_SETUP_SUCCESS.value
        if on_failure_fail_dagrun is not _NOTSET:
            self.on_failure_fail_dagrun = bool(on_failure_fail_dagrun)
        if setups is not _NOTSET:
            for s in _flatten(setups):
                _operator_of(s).as_setup()
                set_dependency(s, self)
        return self

    def __enter__(self):
        _enter_setup_teardown(self)
        return self

    def __exit__(self, *exc):
        _exit_setup_teardown(self, exc[0] is None)

    # dag is a property so that assigning it later (``op.dag = dag``) registers the task, as in Airflow.
    @property
    def dag(self):
        return self.__dict__.get("_dag")

    @dag.setter
    def dag(self, dag):
        if dag is not None and self.__dict__.get("_dag") is not dag:
            dag.add_task(self)

    @property
    def dag_id(self):
        return self.dag.dag_id if self.dag is not None else None

    @property
    def output(self):
        return XComArg(self)

    @property
    def upstream_list(self):
        return [self.dag.task_dict[t] for t in sorted(self.upstream_task_ids)]

    @property
    def downstream_list(self):
        return [self.dag.task_dict[t] for t in sorted(self.downstream_task_ids)]

    @property
    def roots(self):
        return [self]

    @property
    def leaves(self):
        return [self]

    @property
    def operator_name(self):
        return type(self).__name__

    @property
    def task_type(self):
        return type(self).__name__

    @property
    def label(self):
        return self.task_id.rsplit(".", 1)[-1] if self.task_group is not None else self.task_id

    def execute(self, context):
        raise NotImplementedError("%s.execute(context) is not implemented" % type(self).__name__)

    def defer(self, *, trigger, method_name, kwargs=None, timeout=None):
        """Ends this try and hands the wait to Aloft's triggerer; the task resumes at ``method_name(context,
        event=..., **kwargs)`` when ``trigger`` fires, or fails with TaskDeferralTimeout after ``timeout``."""
        from airflow.sdk._exceptions import TaskDeferred
        raise TaskDeferred(trigger=trigger, method_name=method_name, kwargs=kwargs, timeout=timeout)

    def resume_execution(self, next_method, next_kwargs, context):
        """Continues a deferred task: calls ``next_method`` with the context and the deferral's keyword arguments."""
        return getattr(self, next_method)(context, **(next_kwargs or {}))

    def pre_execute(self, context):
        pass

    def post_execute(self, context, result=None):
        pass

    def on_kill(self):
        pass

    def render_template_fields(self, context, jinja_env=None):
        """Renders this task's template fields again (Java rendered them before the try began), e.g. after the task's
        code changed one."""
        for name in self.template_fields:
            value = getattr(self, name, None)
            if value is not None:
                setattr(self, name, self.render_template(value, context))

    def render_template(self, content, context, jinja_env=None, seen_oids=None):
        """``content`` rendered with the running try's template context, as Airflow's: a string through Jinja;
        lists, tuples, sets and dicts element by element; anything else as it is. Names the task's code added to
        ``context`` are visible too. Aloft's templates render in Java, so this works only while a task runs."""
        if isinstance(content, str):
            if "{{" not in content and "{%" not in content and "{#" not in content:
                return content
            return _render_in_java(content, context)
        if isinstance(content, (list, tuple, set, frozenset)):
            return type(content)(self.render_template(e, context) for e in content)
        if isinstance(content, dict):
            return {k: self.render_template(v, context) for k, v in content.items()}
        return content

    def xcom_push(self, context, key, value, execution_date=None):
        context["ti"].xcom_push(key=key, value=value)

    def xcom_pull(self, context, task_ids=None, dag_id=None, key="return_value", include_prior_dates=None):
        return context["ti"].xcom_pull(task_ids=task_ids, key=key)

    @classmethod
    def partial(cls, **kwargs):
        if "task_id" not in kwargs:
            raise TypeError("partial() missing required keyword argument 'task_id'")
        return OperatorPartial(cls, kwargs)

    def __repr__(self):
        return "<Task(%s): %s>" % (type(self).__name__, self.task_id)


def _render_in_java(template, context):
    import json

    from airflow.sdk import _runner

    running = _state.task_context
    if running is None or running.get("ti") is None:
        raise AirflowException("render_template works only while a task runs: Aloft renders templates with the "
                               "task's try (in Java), not while a DAG file is parsed")
    built = getattr(_state, "task_context_keys", None) or ()  # what Java's context has already
    extras = {}
    for name, value in (context or {}).items():
        if isinstance(name, str) and name not in built:
            try:
                json.dumps(value)
            except (TypeError, ValueError):
                continue
            extras[name] = value
    # Asked through the XCom-pull callback, which carries JSON both ways (see GraalPythonInvoker's bridge).
    request = json.dumps({"render_template": template, "context": extras})
    return _runner._answer(running["ti"]._callbacks["xcom_pull"](request))


BaseOperator.__init__ = _apply_defaults(BaseOperator.__init__)
_BASE_ARGS.update(n for n in _signatures.parameters(BaseOperator.__init__.__wrapped__)[0] if n != "self")


class _Mapped:
    """Stands in for an argument given to ``expand()`` while the operator is built."""

    def __repr__(self):
        return "<mapped>"


MAPPED = _Mapped()


def _check_expand_value(name, value):
    if not isinstance(value, (list, tuple, dict, XComArg)):
        raise ValueError("expand() argument %r must be a list, a dict or an XComArg, got %s"
                         % (name, type(value).__name__))


# The key under which expand_kwargs() input travels in the DagSpec's ``expand``: Java maps over its list of
# dicts and spreads each dict into the instance's arguments.
EXPAND_KWARGS = "__expand_kwargs__"


def _check_expand_kwargs_value(value):
    if isinstance(value, XComArg):
        return
    if not isinstance(value, (list, tuple)):
        raise TypeError("expand_kwargs() expects an XComArg or a list of dicts, not %s" % type(value).__name__)
    for item in value:
        if not isinstance(item, (dict, XComArg)):
            raise TypeError("expand_kwargs() expects an XComArg or a list of dicts; an element is a %s"
                            % type(item).__name__)


class OperatorPartial:
    """``Operator.partial(task_id=..., ...)``; ``.expand(arg=[...])`` creates one mapped task."""

    def __init__(self, operator_class, kwargs):
        self.operator_class = operator_class
        self.kwargs = kwargs

    def expand(self, **mapped):
        if not mapped:
            raise TypeError("expand() needs at least one argument to map over")
        for name, value in mapped.items():
            _check_expand_value(name, value)
            if name in self.kwargs:
                raise TypeError("argument %r given to both partial() and expand()" % name)
        kwargs = dict(self.kwargs)
        kwargs.update({name: MAPPED for name in mapped})
        op = self.operator_class(**kwargs)
        op._aloft_expand = dict(mapped)
        op._aloft_lineno = _state.caller_lineno()
        for ref in XComArg.iter_xcom_references(mapped):
            set_dependency(ref.operator, op)
        return XComArg(op)

    def expand_kwargs(self, kwargs):
        """One mapped instance per dict of ``kwargs`` (a list of dicts or an XComArg holding one)."""
        _check_expand_kwargs_value(kwargs)
        # The dicts may carry required arguments: stand them in while the operator is built.
        _, required, _ = _init_parameters(self.operator_class)
        op = self.operator_class(**dict({n: MAPPED for n in required}, **self.kwargs))
        op._aloft_expand = {EXPAND_KWARGS: kwargs}
        op._aloft_lineno = _state.caller_lineno()
        for ref in XComArg.iter_xcom_references(kwargs):
            set_dependency(ref.operator, op)
        return XComArg(op)
