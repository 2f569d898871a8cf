"""Notices when a DAG file or a task changed what every later file in the same interpreter would see.

Aloft evaluates DAG files and runs Python tasks in pooled, reused GraalPy contexts. A file may monkeypatch
Aloft's ``airflow`` classes or modules, write to ``builtins``, change the recursion limit, leave threads
running or replace modules in ``sys.modules``; the host then discards that context instead of reusing it.
``watch()`` records the pristine state; ``changed()`` answers what differs (None when nothing), cheaply:
dictionary comparisons, no walk over objects. Host-internal: DAG files do not import it.
"""

import builtins
import sys
import threading
import types

_MUTABLE_MODULES = {"airflow.sdk._state", __name__}  # per-file state the package resets itself; this one
_CACHE_KEYS = {"_aloft_facts", "__slotnames__"}  # per-class caches filled on first use (Aloft, copyreg)
_modules = []
_classes = []
_builtins = {}
_baseline = None


def _python_threads():
    """The threads Python code started. A ``_DummyThread`` stands for a host thread that called into this context and
    asked for ``threading.current_thread()`` (the ``logging`` module does for every record, so any task that logs
    through a hook registers the pool thread that ran it); it stays registered as long as that host thread lives, but
    no file or task left it running, and it cannot be joined."""
    return [t for t in threading.enumerate() if not isinstance(t, threading._DummyThread)]


def _forget_host_threads():
    """Unregisters the ``_DummyThread`` entries of host threads, so that the next file or task finds
    ``threading.active_count()`` as it was (a host thread that asks again is registered again)."""
    with threading._active_limbo_lock:
        for ident, thread in list(threading._active.items()):
            if isinstance(thread, threading._DummyThread):
                del threading._active[ident]


def _watched_module(name):
    return (name == "airflow" or name.startswith("airflow.")) and name not in _MUTABLE_MODULES


def watch():
    """Records the current state as pristine: call once the host has imported what every file shares."""
    global _builtins, _baseline
    _modules.clear()
    _classes.clear()
    seen = set()
    for name, module in list(sys.modules.items()):
        if module is None or not _watched_module(name):
            continue
        _modules.append((name, module, dict(vars(module))))
        for value in vars(module).values():
            if isinstance(value, type) and id(value) not in seen and str(value.__module__).startswith("airflow"):
                seen.add(id(value))
                _classes.append((value, dict(vars(value))))
    _builtins = dict(vars(builtins))
    _baseline = (sys.getrecursionlimit(), len(_python_threads()), list(sys.meta_path), list(sys.path_hooks))


def _changes(before, now):
    """Names whose value changed, ignoring what the package itself changes: a submodule bound on import, a cache."""
    found = []
    for key in set(before) | set(now):
        old, new = before.get(key, _changes), now.get(key, _changes)
        if old is new or key in _CACHE_KEYS:
            continue
        if old is _changes and isinstance(new, types.ModuleType):
            continue
        found.append(str(key))
    return sorted(found)


def changed():
    """What a file or task changed in the shared state, or None."""
    if _baseline is None:
        return None
    limit, threads, meta_path, path_hooks = _baseline
    _forget_host_threads()
    if sys.getrecursionlimit() != limit:
        return "sys.setrecursionlimit(%d)" % sys.getrecursionlimit()
    if len(_python_threads()) > threads:
        for thread in _python_threads():  # a helper thread that is just ending (subprocess pumps) is fine
            if thread.ident != threading.get_ident():  # current_thread() would register this host thread again
                thread.join(0.05)
    running = _python_threads()
    if len(running) > threads:
        return "%d thread(s) still running: %s" % (len(running) - threads, ", ".join(t.name for t in running))
    # Finders appended after the host's own are allowed (six adds one when dateutil is first imported).
    if sys.meta_path[:len(meta_path)] != meta_path or sys.path_hooks[:len(path_hooks)] != path_hooks:
        return "sys.meta_path or sys.path_hooks"
    if vars(builtins) != _builtins:
        names = sorted(set(vars(builtins)) ^ set(_builtins)) or sorted(
            k for k in _builtins if vars(builtins).get(k) is not _builtins[k])
        return "builtins (%s)" % ", ".join(names[:5])
    for i, (name, module, before) in enumerate(_modules):
        if sys.modules.get(name) is not module:
            return "sys.modules[%r]" % name
        now = vars(module)
        if now != before:
            keys = _changes(before, now)
            if keys:
                return "module %s: %s" % (name, ", ".join(keys[:5]))
            _modules[i] = (name, module, dict(now))
    for i, (cls, before) in enumerate(_classes):
        now = vars(cls)
        if now != before:
            keys = _changes(before, now)
            if keys:
                return "class %s.%s: %s" % (cls.__module__, cls.__qualname__, ", ".join(keys[:5]))
            _classes[i] = (cls, dict(now))
    return None
