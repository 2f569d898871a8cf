"""Python tasks that run in a real CPython: ``PythonVirtualenvOperator`` / ``@task.virtualenv`` (a virtual
environment made with the host's ``python3 -m venv``, ``pip install`` of ``requirements``, cached per
requirements set) and ``ExternalPythonOperator`` / ``@task.external_python`` (a given interpreter).

For code GraalPy cannot load (pandas, numpy, C-extension drivers). The callable's source is written to a
script with its arguments (pickle, dill, cloudpickle or JSON, as ``serializer`` says; dill and cloudpickle
must be installed in the target interpreter); the child's output streams into the task
log; its return value comes back the same way. Like Airflow, the callable must be self-contained: imports
inside its body, no closures over the DAG file's globals. Everything here runs when the task runs, never
while a DAG file is parsed.
"""

import datetime as _dt
import os

from airflow.sdk._exceptions import AirflowException, AirflowSkipException
from airflow.sdk._operators import BranchMixIn, PythonOperator, _canonical, determine_kwargs

# Context values a child process can receive: plain data, as Airflow's serializable context keys.
_CONTEXT_KEYS = ("ds", "ds_nodash", "ts", "ts_nodash", "ts_nodash_with_tz", "run_id", "params", "conf",
                 "logical_date", "execution_date", "data_interval_start", "data_interval_end", "prev_ds",
                 "next_ds", "yesterday_ds", "tomorrow_ds", "try_number", "map_index", "task_instance_key_str",
                 "templates_dict", "expanded_ti_count")

_SCRIPT = r'''
import json, os, sys
if os.environ.get("_ALOFT_CONTEXT_PATH"):
    sys.path.insert(0, os.environ["_ALOFT_CONTEXT_PATH"])
serializer = sys.argv[3]
if serializer == "json":
    loads = lambda data: json.loads(data.decode("utf-8"))
    dumps = lambda value: json.dumps(value).encode("utf-8")
else:
    if serializer == "pickle":
        import pickle as codec
    else:
        try:
            codec = __import__(serializer)
        except ImportError:
            sys.stderr.write("serializer=%%r: the module %%r is not installed in %%s; install it there (pip install "
                             "%%s, or Debian's python3-%%s), or use serializer='pickle'\n"
                             %% (serializer, serializer, sys.executable, serializer, serializer))
            sys.exit(%(missing_code)d)
    loads = codec.loads
    dumps = lambda value: codec.dumps(value, protocol=4)
with open(sys.argv[1], "rb") as f:
    args, kwargs = loads(f.read())
if len(sys.argv) > 4:
    with open(sys.argv[4]) as f:
        virtualenv_string_args = [line.rstrip("\n") for line in f]
%(source)s
result = %(name)s(*args, **kwargs)
with open(sys.argv[2], "wb") as f:
    f.write(dumps(result))
'''

# use_airflow_context=True: the stand-in ``airflow`` package put first on the child's path. Airflow's own package
# cannot run there (Aloft's runs in GraalPy only), so the child's get_current_context() answers the try's context as
# plain data (dates as ISO text), read from the file _ALOFT_CONTEXT_FILE names.
_CONTEXT_STUB = {
    "airflow/__init__.py": '"""Aloft: get_current_context() for a task run with use_airflow_context=True."""\n',
    "airflow/operators/__init__.py": "",
    "airflow/operators/python.py": (
        "import json, os\n"
        "_context = None\n\n\n"
        "def get_current_context():\n"
        "    global _context\n"
        "    if _context is None:\n"
        "        with open(os.environ['_ALOFT_CONTEXT_FILE'], encoding='utf-8') as f:\n"
        "            _context = json.load(f)\n"
        "    return _context\n"),
    "airflow/sdk/__init__.py": "from airflow.operators.python import get_current_context  # noqa: F401\n",
}


def _shared_context(context, plain):
    """The context the child's get_current_context() answers: the plain keys, with the run and the task instance
    as dicts of their plain fields."""
    shared = dict(plain)
    run = context.get("dag_run")
    if run is not None:
        shared["dag_run"] = {k: _plain(getattr(run, k, None)) for k in
                             ("dag_id", "run_id", "run_type", "conf", "logical_date", "data_interval_start",
                              "data_interval_end", "external_trigger")}
    ti = context.get("ti")
    if ti is not None:
        fields = {k: _plain(getattr(ti, k, None)) for k in
                  ("dag_id", "task_id", "run_id", "try_number", "map_index")}
        shared["ti"] = shared["task_instance"] = fields
    return shared


def _write_context_stub(folder, shared):
    import json

    root = os.path.join(folder, "aloft-airflow-context")
    for path, text in _CONTEXT_STUB.items():
        target = os.path.join(root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as f:
            f.write(text)
    context_file = os.path.join(folder, "context.json")
    with open(context_file, "w", encoding="utf-8") as f:
        json.dump(shared, f, default=str)
    return {"_ALOFT_CONTEXT_FILE": context_file, "_ALOFT_CONTEXT_PATH": root}


# The child's exit code when the serializer's module is missing there (its message is in the log above).
_MISSING_SERIALIZER = 97


def is_venv_installed():
    """Whether a host CPython that can make virtual environments is configured or on the PATH (Aloft makes
    them with ``python3 -m venv``, not the ``virtualenv`` package)."""
    import shutil

    from airflow.configuration import conf

    return bool(conf.get("aloft", "venv_python", fallback=None) or shutil.which("python3"))


def _function_source(function):
    import inspect
    import textwrap

    try:
        lines = inspect.getsource(function)
    except (OSError, TypeError) as e:
        raise AirflowException("cannot read the source of %r to run it in another interpreter: %s; define it "
                               "with `def` in the DAG file" % (function, e))
    lines = textwrap.dedent(lines).splitlines()
    start = 0
    while start < len(lines) and not lines[start].lstrip().startswith(("def ", "async def ")):
        start += 1  # decorator lines: @task.virtualenv(...) may span several lines
    if start == len(lines):
        raise AirflowException("%r is not a function defined with `def`: lambdas cannot run in another "
                               "interpreter" % (function,))
    return "\n".join(lines[start:])


def _plain(value):
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _stream(command, env=None):
    """Runs ``command``, printing each output line (the task log); returns the exit code."""
    import subprocess

    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    for line in proc.stdout:
        print(line.rstrip("\n"))
    return proc.wait()


class _CPythonOperator(PythonOperator):
    """Runs ``python_callable`` in another interpreter (``_interpreter()`` says which)."""

    template_fields = ("templates_dict", "op_args", "op_kwargs")

    def __init__(self, *, python_callable, serializer=None, use_dill=False, string_args=None, expect_airflow=True,
                 skip_on_exit_code=None, env_vars=None, inherit_env=True, use_airflow_context=False, **kwargs):
        super().__init__(python_callable=python_callable, **kwargs)
        self.use_airflow_context = use_airflow_context
        if not callable(python_callable) or getattr(python_callable, "__name__", "<lambda>") == "<lambda>":
            raise AirflowException("%s needs a function defined with `def`, not %r"
                                   % (type(self).__name__, python_callable))
        serializer = serializer or ("dill" if use_dill else "pickle")
        if serializer not in ("pickle", "json", "dill", "cloudpickle"):
            raise AirflowException("Unsupported serializer %r. Expected one of 'pickle', 'json', 'dill', "
                                   "'cloudpickle'" % serializer)
        self.serializer = serializer
        self.string_args = list(string_args or [])
        self.expect_airflow = expect_airflow
        self.skip_on_exit_code = ([skip_on_exit_code] if isinstance(skip_on_exit_code, int)
                                  else list(skip_on_exit_code or []))
        self.env_vars = env_vars
        self.inherit_env = inherit_env

    def _interpreter(self):
        raise NotImplementedError

    def execute(self, context):
        context = dict(context)
        context.update(self.op_kwargs)
        context["templates_dict"] = self.templates_dict
        plain = {k: _plain(context[k]) for k in _CONTEXT_KEYS if k in context}
        # use_airflow_context=True: Airflow imports itself in the other interpreter and hands it the live context.
        # Aloft's airflow package runs only in GraalPy, so the child gets a stand-in airflow package whose
        # get_current_context() answers the plain context (see _CONTEXT_STUB).
        shared = _shared_context(context, plain) if self.use_airflow_context else None
        plain.update({k: v for k, v in self.op_kwargs.items()})
        kwargs = determine_kwargs(self.python_callable, self.op_args, plain)
        return self._run_in(self._interpreter(), list(self.op_args), kwargs, shared)

    def _run_in(self, python, args, kwargs, shared_context=None):
        import json
        import pickle
        import tempfile

        with tempfile.TemporaryDirectory(prefix="aloft-python-") as tmp:
            script = os.path.join(tmp, "script.py")
            source = _function_source(self.python_callable)
            with open(script, "w") as f:
                f.write(_SCRIPT % {"source": source, "name": self.python_callable.__name__,
                                   "missing_code": _MISSING_SERIALIZER})
            inputs, output = os.path.join(tmp, "input"), os.path.join(tmp, "output")
            # The arguments are plain data (Java resolved them), so standard pickle writes what dill and
            # cloudpickle read; they matter for the return value, which the child writes and pickle reads back
            # only while it holds plain data too (dill's own types would need dill here, which GraalPy lacks).
            with open(inputs, "wb") as f:
                if self.serializer == "json":
                    f.write(json.dumps([args, kwargs]).encode("utf-8"))
                else:
                    pickle.dump((args, kwargs), f, protocol=4)
            command = [python, script, inputs, output, self.serializer]
            if self.string_args:
                strings = os.path.join(tmp, "string_args.txt")
                with open(strings, "w") as f:
                    f.write("\n".join(str(s) for s in self.string_args))
                command.append(strings)
            env = dict(os.environ) if self.inherit_env else {}
            env.update(self.env_vars or {})
            env.pop("_ALOFT_EFFECTIVE_CONFIG", None)
            if shared_context is not None:
                env.update(_write_context_stub(tmp, shared_context))
            code = _stream(command, env)
            if code == _MISSING_SERIALIZER and self.serializer in ("dill", "cloudpickle"):
                raise AirflowException("serializer=%r: %s has no %s module (see the log above); install it in that "
                                       "interpreter (pip install %s; Debian: apt-get install python3-%s), or use "
                                       "serializer='pickle'" % (self.serializer, python, self.serializer,
                                                                self.serializer, self.serializer))
            if code in self.skip_on_exit_code:
                raise AirflowSkipException("Process exited with code %d. Skipping." % code)
            if code != 0:
                raise AirflowException("the callable failed in %s (exit code %d); its output, with the traceback, "
                                       "is in the log above" % (python, code))
            with open(output, "rb") as f:
                data = f.read()
            if self.serializer == "json":
                return json.loads(data.decode("utf-8"))
            try:
                return pickle.loads(data)
            except Exception as e:
                raise AirflowException("the callable's return value, written by %s, cannot be read back with "
                                       "pickle (%s: %s): return plain data (numbers, strings, lists, dicts)"
                                       % (self.serializer, type(e).__name__, e))


def _host_cpython():
    """The CPython that makes virtual environments: ALOFT_VENV_PYTHON (``aloft config``'s venv_python), else
    python3 on the PATH."""
    import shutil
    import subprocess

    from airflow.configuration import conf

    python = conf.get("aloft", "venv_python", fallback=None) or shutil.which("python3")
    if python is None:
        raise AirflowException("PythonVirtualenvOperator needs a CPython 3 on the PATH (python3), or "
                               "ALOFT_VENV_PYTHON set to one, to make the virtual environment; install one "
                               "(Debian: apt-get install python3 python3-venv)")
    name = subprocess.run([python, "-c", "import sys; print(sys.implementation.name)"], capture_output=True,
                          text=True).stdout.strip()
    if name != "cpython":
        raise AirflowException("%s is %s, not CPython: PythonVirtualenvOperator needs the host's CPython 3"
                               % (python, name or "not a working interpreter"))
    return python


def _version_of(python):
    import subprocess

    return subprocess.run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                          capture_output=True, text=True).stdout.strip()


def _python_of_version(host, wanted):
    """The CPython that makes a ``python_version=`` environment (Airflow runs ``virtualenv --python=python<v>``): the
    host's python3 when its version starts with ``wanted``, else ``python<wanted>`` on the PATH."""
    import shutil

    def matches(version):
        return version == wanted or version.startswith(wanted + ".")

    host_version = _version_of(host)
    if matches(host_version):
        return host
    other = shutil.which("python" + wanted)
    if other is not None and matches(_version_of(other)):
        return other
    raise AirflowException("python_version=%r: no CPython %s on this host (%s is %s); install python%s and its venv "
                           "module (Debian: apt-get install python%s python%s-venv), or leave python_version out to "
                           "use %s" % (wanted, wanted, host, host_version or "not working", wanted, wanted, wanted,
                                       host))


@_canonical("airflow.operators.python")
class PythonVirtualenvOperator(_CPythonOperator):
    """Runs the callable in a virtual environment of the host's CPython, with ``requirements`` installed by
    pip from the index pip is configured for. Environments are cached per (requirements, system site
    packages, pip options) under Aloft's cache folder, or ``venv_cache_path``."""

    def __init__(self, *, python_callable, requirements=None, python_version=None, system_site_packages=True,
                 pip_install_options=None, index_urls=None, venv_cache_path=None, templates_exts=None, **kwargs):
        super().__init__(python_callable=python_callable, **kwargs)
        if isinstance(requirements, str):
            requirements = [line for line in requirements.splitlines() if line.strip()]
        self.requirements = sorted(set(requirements or []))
        self.python_version = python_version
        self.system_site_packages = system_site_packages
        self.pip_install_options = list(pip_install_options or [])
        self.index_urls = list(index_urls or [])
        self.venv_cache_path = venv_cache_path

    def _cache_root(self):
        if self.venv_cache_path:
            return str(self.venv_cache_path)
        from airflow.configuration import conf

        base = conf.get("aloft", "cache_folder", fallback=None)
        if base is None:
            import tempfile

            base = os.path.join(tempfile.gettempdir(), "aloft-cache")
        return os.path.join(base, "venvs")

    def _interpreter(self):
        import hashlib
        import shutil
        import uuid

        python = _host_cpython()
        if self.python_version:
            python = _python_of_version(python, str(self.python_version))
        key = "\n".join([python, str(bool(self.system_site_packages))] + self.requirements + self.pip_install_options
                        + self.index_urls)
        target = os.path.join(self._cache_root(), hashlib.sha256(key.encode()).hexdigest()[:16])
        venv_python = os.path.join(target, "bin", "python")
        if os.path.exists(venv_python):
            print("Using the cached virtual environment %s" % target)
            return venv_python
        os.makedirs(self._cache_root(), exist_ok=True)
        building = "%s.tmp-%s" % (target, uuid.uuid4().hex[:8])
        command = [python, "-m", "venv"]
        if self.system_site_packages:
            command.append("--system-site-packages")
        if not self.requirements:
            command.append("--without-pip")  # nothing to install: no ensurepip needed
        print("Creating the virtual environment %s" % target)
        if _stream(command + [building]) != 0:
            shutil.rmtree(building, ignore_errors=True)
            raise AirflowException("`%s -m venv` failed (output above); on Debian install python3-venv" % python)
        if self.requirements:
            pip = [os.path.join(building, "bin", "python"), "-m", "pip", "install", "--disable-pip-version-check"]
            for i, url in enumerate(self.index_urls):
                pip += ["--index-url" if i == 0 else "--extra-index-url", url]
            if _stream(pip + self.pip_install_options + self.requirements) != 0:
                shutil.rmtree(building, ignore_errors=True)
                raise AirflowException("pip could not install %s (output above): is the package index pip is "
                                       "configured for reachable from this host? (pip.conf, PIP_INDEX_URL, or "
                                       "index_urls=)" % ", ".join(self.requirements))
        # Another try may have made the same environment meanwhile (two DAGs with one venv_cache_path and the same
        # requirements): keep that one. GraalPy reports a rename onto a non-empty folder as a Java error rather
        # than OSError, so look first and catch broadly.
        if not os.path.exists(venv_python):
            try:
                os.rename(building, target)
            except Exception:  # noqa: BLE001 - see above
                if not os.path.exists(venv_python):
                    raise
        shutil.rmtree(building, ignore_errors=True)
        return venv_python


@_canonical("airflow.operators.python")
class ExternalPythonOperator(_CPythonOperator):
    """Runs the callable with the interpreter at ``python`` (a path; templated)."""

    template_fields = ("python", "templates_dict", "op_args", "op_kwargs")

    def __init__(self, *, python, python_callable, **kwargs):
        super().__init__(python_callable=python_callable, **kwargs)
        import sys

        # sys.executable is GraalPy's (empty in Aloft's contexts): accepted here, it means the host's CPython.
        if not python and python != sys.executable:
            raise AirflowException("ExternalPythonOperator needs python=<path to an interpreter>")
        self.python = python

    def _interpreter(self):
        import sys

        if self.python == sys.executable and sys.implementation.name != "cpython":
            # A DAG file's sys.executable means "the interpreter Airflow runs on"; Aloft's is GraalPy, which
            # cannot run a callable in a child process, so the host's CPython stands in for it.
            python = _host_cpython()
            print("python=sys.executable is Aloft's GraalPy: running the callable with the host's CPython %s" % python)
            return python
        if not os.path.isfile(self.python) or not os.access(self.python, os.X_OK):
            raise AirflowException("ExternalPythonOperator: %s is not an executable Python interpreter"
                                   % self.python)
        return self.python


@_canonical("airflow.operators.python")
class BranchPythonVirtualenvOperator(BranchMixIn, PythonVirtualenvOperator):
    """A PythonVirtualenvOperator whose callable returns the task id(s) to follow, as BranchPythonOperator's."""


@_canonical("airflow.operators.python")
class BranchExternalPythonOperator(BranchMixIn, ExternalPythonOperator):
    """An ExternalPythonOperator whose callable returns the task id(s) to follow, as BranchPythonOperator's."""
