"""Notices when a DAG file or a task changed what every later file in the same interpreter would see.

Aloft evaluates DAG files and runs Python tasks in pooled, reused GraalPy contexts. A file may monkeypatch
Aloft's ``airflow`` classes or modules, write to ``builtins``, change the recursion limit, leave threads
running or replace modules in ``sys.modules``; the host then discards that context instead of reusing it.
``watch()`` records the pristine state; ``changed()`` answers what differs (None when nothing), cheaply:
dictionary comparisons, no walk over objects. Host-internal: DAG files do not import it.

What is meant is identity: the same objects, not equal ones. A dictionary comparison takes identity first and asks
a value's ``__eq__`` only for one that is not the object it was, so a replacement whose ``__eq__`` answers True
(a "liar") would pass it; the comparisons therefore run under a profile function, and Python code running during
them (a liar's ``__eq__``, or any other value's that was replaced) sends the check to the slow path, which names
what differs by identity (``is``). Comparing the values' ids instead cost 3-20x the whole check (iterating a
module dict's values is slow in GraalPy; copying it first, then ids, still about 3x), hence the profile function.
Not seen this way: a replacement whose ``__eq__`` is a built-in that answers true (``__eq__ = bool``), which runs
no Python code. Values the package itself rebinds to equal objects would also take the slow path: it rebinds none.

``changed()`` runs after every parse and task, on the parse's path, in GraalPy's interpreter (no Truffle JIT in
Aloft's JVM), where each Python-level step costs microseconds and the comparison of one dictionary entry under one:
so the watched namespaces are held once (a class's ``vars()`` is a live view; making it anew cost more than the
comparison) and compared in one loop with no unpacking or lookups per name; names are only looked at once a
namespace differs. Measured alternatives were slower: flattening values/keys into lists (iterators cost ~10 us an
entry here), ``map`` with ``operator`` functions (Python code in GraalPy), one list comparison of all namespaces.
"""

import builtins
import sys
import threading
import types

_MUTABLE_MODULES = {"airflow.sdk._state", __name__}  # per-file state the package resets itself; this one
_CACHE_KEYS = {"_aloft_facts", "__slotnames__"}  # per-class caches filled on first use (Aloft, copyreg)
_modules = []  # (name, module) of each watched module: sys.modules must still map the name to it
_builtins = {}
# Every watched namespace (module dicts, then class dicts), as it is now (the live dict or mappingproxy), as it was
# (a copy), and what to call it in the answer; index-aligned.
_live = []
_before = []
_labels = []
_baseline = None
_python_ran = []  # filled by _noticed while the namespaces are compared


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
    _live.clear()
    _before.clear()
    _labels.clear()
    classes = []
    seen = set()
    for name, module in list(sys.modules.items()):
        if module is None or not _watched_module(name):
            continue
        _modules.append((name, module))
        _live.append(vars(module))
        _before.append(dict(vars(module)))
        _labels.append("module %s" % name)
        for value in vars(module).values():
            if isinstance(value, type) and id(value) not in seen and str(value.__module__).startswith("airflow"):
                seen.add(id(value))
                classes.append(value)
    for cls in classes:
        _live.append(vars(cls))  # a live view: it shows what is set on the class later
        _before.append(dict(vars(cls)))
        _labels.append("class %s.%s" % (cls.__module__, cls.__qualname__))
    _builtins = dict(vars(builtins))
    # The finders themselves are kept too, so that no other object can take an id of theirs.
    _baseline = (sys.getrecursionlimit(), len(_python_threads()), list(sys.meta_path), _ids_of(sys.meta_path),
                 list(sys.path_hooks), _ids_of(sys.path_hooks))


def _ids_of(values):
    return list(map(id, values))


def _noticed(frame, event, arg):
    """The profile function while the namespaces are compared: when every value is the object it was, the
    comparisons run no Python code at all."""
    if event == "call":
        _python_ran.append(True)


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


def _namespace_change(i):
    """What differs in watched namespace ``i`` (its dictionary differs from the copy), or None once the difference is
    the package's own (a submodule bound on import, a cache), the copy then taking the new state."""
    now = _live[i]
    keys = _changes(_before[i], now)
    if keys:
        return "%s: %s" % (_labels[i], ", ".join(keys[:5]))
    _before[i] = dict(now)
    return None


def changed():
    """What a file or task changed in the shared state, or None."""
    if _baseline is None:
        return None
    limit, threads, meta_path, meta_path_ids, path_hooks, path_hooks_ids = _baseline
    _forget_host_threads()
    if sys.getrecursionlimit() != limit:
        return "sys.setrecursionlimit(%d)" % sys.getrecursionlimit()
    # Without the host threads' entries, the registry holds exactly the threads Python code started.
    if len(threading._active) + len(threading._limbo) > threads:
        for thread in _python_threads():  # a helper thread that is just ending (subprocess pumps) is fine
            if thread.ident != threading.get_ident():  # current_thread() would register this host thread again
                thread.join(0.05)
        running = _python_threads()
        if len(running) > threads:
            return "%d thread(s) still running: %s" % (len(running) - threads, ", ".join(t.name for t in running))
    # A trace or profile function left on this thread would run in the next file's code (and the one below would
    # replace it).
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return "sys.setprofile or sys.settrace"
    modules = sys.modules
    for name, module in _modules:
        if modules.get(name) is not module:
            return "sys.modules[%r]" % name
    del _python_ran[:]
    differs = -1
    sys.setprofile(_noticed)
    try:
        # Finders appended after the host's own are allowed (six adds one when dateutil is first imported).
        if sys.meta_path[:len(meta_path)] != meta_path or sys.path_hooks[:len(path_hooks)] != path_hooks:
            differs = -3
        elif vars(builtins) != _builtins:
            differs = -2
        else:
            i = 0
            for now, before in zip(_live, _before):
                if now != before:
                    differs = i
                    break
                i += 1
    finally:
        sys.setprofile(None)
    if differs == -1 and not _python_ran:
        return None
    # Something differs, or Python code ran in the comparisons (a value that is not the object it was, whose
    # __eq__ may have lied): looked at by identity from here, each namespace after the last one found the same.
    if (differs == -3 or _python_ran) and (_ids_of(sys.meta_path[:len(meta_path)]) != meta_path_ids
                                           or _ids_of(sys.path_hooks[:len(path_hooks)]) != path_hooks_ids):
        return "sys.meta_path or sys.path_hooks"
    names = sorted(set(vars(builtins)) ^ set(_builtins)) or sorted(
        k for k in _builtins if vars(builtins).get(k) is not _builtins[k])
    if names:
        return "builtins (%s)" % ", ".join(names[:5])
    for i in range(0 if _python_ran or differs < 0 else differs, len(_live)):
        change = _namespace_change(i)
        if change is not None:
            return change
    return None
