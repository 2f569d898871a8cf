"""``Connection`` and ``BaseHook.get_connection``: inside a running task they read the store (and the
``AIRFLOW_CONN_*`` / ``ALOFT_CONN_*`` variables) through Java; the password and sensitive extras are masked in
the task's log from the moment they are read. At the top level of a DAG file there is no store to read."""

import json
from urllib.parse import quote, unquote, urlencode

from airflow.sdk import _state
from airflow.sdk._exceptions import AirflowException, AirflowNotFoundException


class Connection:
    """Airflow's connection fields; ``extra`` is the JSON text, ``extra_dejson`` the parsed dict."""

    def __init__(self, conn_id=None, conn_type=None, description=None, host=None, login=None, password=None,
                 schema=None, port=None, extra=None, uri=None):
        self.conn_id = conn_id
        self.description = description
        if uri:
            self._parse_uri(uri)
        else:
            self.conn_type = conn_type
            self.host = host
            self.login = login
            self.password = password
            self.schema = schema
            self.port = int(port) if port not in (None, "") else None
            self.extra = extra if (extra is None or isinstance(extra, str)) else json.dumps(extra)

    def _parse_uri(self, uri):
        scheme, sep, rest = uri.partition("://")
        if not sep:
            raise AirflowException("%r is not a connection URI (TYPE://LOGIN:PASSWORD@HOST:PORT/SCHEMA)" % self.conn_id)
        self.conn_type = scheme.replace("-", "_")
        rest, _, query = rest.partition("?")
        rest, slash, schema = rest.partition("/")
        self.schema = unquote(schema) or None
        userinfo, at, hostport = rest.rpartition("@")
        if not at:
            hostport, userinfo = userinfo or hostport, ""
        login, colon, password = userinfo.partition(":")
        self.login = unquote(login) or None
        self.password = unquote(password) if colon else None
        host, colon, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
        self.host = unquote(host) or None
        self.port = int(port) if port else None
        extra = {}
        for pair in filter(None, query.split("&")):
            k, _, v = pair.partition("=")
            if unquote(k) == "__extra__":
                extra.update(json.loads(unquote(v)))
            else:
                extra[unquote(k)] = unquote(v)
        self.extra = json.dumps(extra) if extra else None

    @property
    def extra_dejson(self):
        if not self.extra:
            return {}
        try:
            value = json.loads(self.extra)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def get_password(self):
        return self.password

    def get_extra(self):
        return self.extra

    def get_uri(self):
        uri = (self.conn_type or "").replace("_", "-") + "://"
        if self.login is not None or self.password is not None:
            uri += quote(self.login or "", safe="")
            if self.password is not None:
                uri += ":" + quote(self.password, safe="")
            uri += "@"
        if self.host:
            uri += quote(self.host, safe="")
        if self.port is not None:
            uri += ":%d" % self.port
        if self.schema:
            uri += "/" + quote(self.schema, safe="")
        extra = self.extra_dejson
        if extra:
            if all(isinstance(v, str) for v in extra.values()):
                uri += "?" + urlencode(extra, quote_via=quote)
            else:
                uri += "?" + urlencode({"__extra__": json.dumps(extra)}, quote_via=quote)
        return uri

    def to_dict(self):
        return {"conn_id": self.conn_id, "conn_type": self.conn_type, "description": self.description,
                "host": self.host, "login": self.login, "password": self.password, "schema": self.schema,
                "port": self.port, "extra": self.extra_dejson}

    @classmethod
    def get(cls, conn_id):
        """Airflow 3's ``Connection.get``."""
        return _lookup(conn_id)

    @classmethod
    def get_connection_from_secrets(cls, conn_id):
        """Airflow 2's lookup (environment first, then the store)."""
        return _lookup(conn_id)

    def __repr__(self):
        return self.conn_id or ""


def _lookup(conn_id):
    reader = _state.connection_reader
    if reader is None:
        raise AirflowException(
            "connection %r cannot be read at the top level of a DAG file in Aloft (there is no store there): read it "
            "inside a task, or use a template ({{ conn.%s.host }})" % (conn_id, conn_id))
    found = reader(conn_id)
    if found is None:
        raise AirflowNotFoundException(
            "The conn_id `%s` isn't defined: add it with `aloft connections add %s --conn-uri ...` or set "
            "AIRFLOW_CONN_%s" % (conn_id, conn_id, str(conn_id).upper()))
    return Connection(conn_id=found["conn_id"], conn_type=found["conn_type"], host=found["host"],
                      login=found["login"], password=found["password"], schema=found["schema"], port=found["port"],
                      extra=json.dumps(found["extra"]) if found.get("extra") else None)


class BaseHook:
    """Airflow's hook base: ``get_connection`` reads a connection; subclasses keep their ``conn_name_attr``."""

    conn_name_attr = None
    default_conn_name = "default_conn_id"
    conn_type = None
    hook_name = None

    def __init__(self, *args, **kwargs):
        pass

    @property
    def log(self):
        """The hook's logger; in a task its lines go to the try's log."""
        import logging

        return logging.getLogger("airflow.task.hooks.%s.%s" % (type(self).__module__, type(self).__name__))

    @classmethod
    def get_connection(cls, conn_id):
        return _lookup(conn_id)

    def get_conn(self):
        raise NotImplementedError("%s does not implement get_conn()" % type(self).__name__)
