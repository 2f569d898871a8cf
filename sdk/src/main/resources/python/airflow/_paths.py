"""Packages that plugins extend from folders of their own (airflow.providers.docker lives in the Docker
plugin's shim folder), and adding such folders to a running interpreter.

The part of pkgutil.extend_path that Aloft needs, without pkgutil's imports (typing among them), which cost
a tenth of a second in a fresh GraalPy context.
"""
import os
import sys

_extended = {}


def extend_path(path, name):
    """The package's folders: its own plus the same package in every other sys.path folder."""
    sub = name.replace(".", os.sep)
    folders = list(path)
    for entry in sys.path:
        if isinstance(entry, str):
            candidate = os.path.join(entry, sub)
            if candidate not in folders and os.path.isdir(candidate):
                folders.append(candidate)
    _extended[name] = True
    return folders


def add(folders):
    """Appends folders (a list, or one string joined with os.pathsep) to sys.path and to the packages that
    other folders extend."""
    import importlib
    if isinstance(folders, str):
        folders = [f for f in folders.split(os.pathsep) if f]
    added = False
    for folder in folders:
        if folder not in sys.path:
            sys.path.append(folder)
            added = True
    if added:
        importlib.invalidate_caches()
        for name in list(_extended):
            module = sys.modules.get(name)
            if module is not None:
                module.__path__ = extend_path(module.__path__, name)
