"""``airflow.models.Variable``: inside a running Python task it reads the store through Java; at the top
level of a DAG file only a given ``default_var`` is available (Aloft evaluates files without the store)."""

import json

from airflow.sdk import _state
from airflow.sdk._exceptions import AirflowException

_NOTSET = object()


class Variable:
    @classmethod
    def get(cls, key, default_var=_NOTSET, deserialize_json=False):
        reader = _state.variable_reader
        if reader is None:
            if default_var is not _NOTSET:
                return default_var
            raise AirflowException(
                "Variable.get(%r) at the top level of a DAG file is not supported by Aloft: pass default_var=..., "
                "use a template ({{ var.value.%s }}) or read it inside a task" % (key, key))
        value = reader(key)
        if value is None:
            if default_var is not _NOTSET:
                return default_var
            raise KeyError("Variable %s does not exist" % key)
        return json.loads(value) if deserialize_json else value

    @classmethod
    def set(cls, key, value, description=None, serialize_json=False):
        raise AirflowException("Variable.set() is not supported by Aloft: use `aloft variables set %s ...`" % key)

    @classmethod
    def setdefault(cls, key, default, description=None, deserialize_json=False):
        return cls.get(key, default_var=default, deserialize_json=deserialize_json)
