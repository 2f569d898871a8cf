"""Airflow's ``HttpHook`` on the standard library: the connection's ``schema`` (http or https), ``host``, ``port``,
``login``/``password`` (basic auth) and ``extra`` (request headers) build the request, as in Airflow. ``run`` answers a
response with the ``requests.Response`` attributes DAG code reads (``status_code``, ``text``, ``json()``,
``headers``, ``content``, ``ok``, ``reason``, ``url``, ``raise_for_status()``). Connection errors are retried
``retry_limit`` times, ``retry_delay`` seconds apart."""

import base64
import json as _json
import time
import urllib.error
import urllib.parse
import urllib.request

from airflow.sdk._connection import BaseHook
from airflow.sdk._exceptions import AirflowException

# Extras that configure the request instead of being sent as headers (as Airflow's HttpHook reads them).
_OPTION_EXTRAS = ("timeout", "verify", "proxies", "stream", "cert", "max_redirects", "trust_env", "allow_redirects",
                  "check_response")


class _Headers(dict):
    """Response headers, looked up without regard to case as ``requests`` does."""

    def __init__(self, items):
        super().__init__()
        self._lower = {}
        for k, v in items:
            self[k] = v
            self._lower[k.lower()] = v

    def get(self, key, default=None):
        return self._lower.get(str(key).lower(), default)

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            if str(key).lower() in self._lower:
                return self._lower[str(key).lower()]
            raise

    def __contains__(self, key):
        return str(key).lower() in self._lower


class Response:
    """What ``HttpHook.run`` answers: the parts of ``requests.Response`` DAG code uses."""

    def __init__(self, url, status_code, reason, headers, content):
        self.url = url
        self.status_code = status_code
        self.reason = reason
        self.headers = _Headers(headers)
        self.content = content
        self.encoding = "utf-8"
        content_type = self.headers.get("content-type", "")
        if "charset=" in content_type:
            self.encoding = content_type.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"

    @property
    def text(self):
        return self.content.decode(self.encoding, errors="replace")

    @property
    def ok(self):
        return self.status_code < 400

    def json(self, **kwargs):
        return _json.loads(self.text, **kwargs)

    def raise_for_status(self):
        if self.status_code >= 400:
            raise AirflowException("%s:%s" % (self.status_code, self.reason))

    def __repr__(self):
        return "<Response [%s]>" % self.status_code


class HttpHook(BaseHook):
    conn_name_attr = "http_conn_id"
    default_conn_name = "http_default"
    conn_type = "http"
    hook_name = "HTTP"

    def __init__(self, method="POST", http_conn_id="http_default", auth_type=None, tcp_keep_alive=True,
                 tcp_keep_alive_idle=120, tcp_keep_alive_count=20, tcp_keep_alive_interval=30, retry_limit=3,
                 retry_delay=1.0, **kwargs):
        self.method = method.upper()
        self.http_conn_id = http_conn_id
        self.auth_type = auth_type
        self.base_url = ""
        self.retry_limit = int(retry_limit)
        self.retry_delay = float(retry_delay)
        self._headers = {}
        self._options = {}
        self._auth = None

    def get_conn(self, headers=None):
        """Reads the connection: base URL, default headers and basic auth (Airflow returns a requests.Session)."""
        self._headers = {}
        self._options = {}
        self._auth = None
        if self.http_conn_id:
            conn = self.get_connection(self.http_conn_id)
            host = conn.host or ""
            if "://" in host:
                self.base_url = host
            else:
                schema = conn.schema or "http"
                self.base_url = "%s://%s" % (schema, host) if host else ""
            if conn.port:
                self.base_url = "%s:%s" % (self.base_url.rstrip("/"), conn.port)
            if conn.login:
                if self.auth_type is not None:
                    self._auth = self.auth_type(conn.login, conn.password)
                else:
                    self._auth = (conn.login, conn.password or "")
            for key, value in (conn.extra_dejson or {}).items():
                if key in _OPTION_EXTRAS:
                    self._options[key] = value
                else:
                    self._headers[key] = str(value)
        if headers:
            self._headers.update(headers)
        return self

    def url_from_endpoint(self, endpoint):
        if self.base_url and not self.base_url.endswith("/") and endpoint and not endpoint.startswith("/"):
            return self.base_url + "/" + endpoint
        return (self.base_url or "") + (endpoint or "")

    def run(self, endpoint=None, data=None, headers=None, extra_options=None, **request_kwargs):
        """One request; an HTTP status of 400 or more raises ``AirflowException("<status>:<reason>")`` unless
        ``extra_options={"check_response": False}``."""
        self.get_conn(headers)
        options = dict(self._options)
        options.update(extra_options or {})
        url = self.url_from_endpoint(endpoint)
        if not url.startswith(("http://", "https://")):
            raise AirflowException("cannot call %r: the connection %r has no host (set its host, and schema http or "
                                   "https)" % (url, self.http_conn_id))
        if url.startswith("https://"):
            from airflow.providers import _ascii_idna

            _ascii_idna.ensure()  # ssl encodes the host name with the idna codec, which GraalPy cannot load by itself
        body = None
        request_headers = dict(self._headers)
        payload = request_kwargs.pop("json", None)
        if payload is not None:
            body = _json.dumps(payload).encode()
            request_headers.setdefault("Content-Type", "application/json")
        elif self.method in ("GET", "HEAD"):
            if data:
                query = urllib.parse.urlencode(data, doseq=True) if isinstance(data, dict) else str(data)
                url += ("&" if "?" in url else "?") + query
        elif data is not None:
            if isinstance(data, dict):
                body = urllib.parse.urlencode(data, doseq=True).encode()
                request_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            else:
                body = data if isinstance(data, bytes) else str(data).encode()
        if self._auth is not None:
            if isinstance(self._auth, tuple):
                token = base64.b64encode(("%s:%s" % self._auth).encode()).decode()
                request_headers["Authorization"] = "Basic " + token
            elif hasattr(self._auth, "headers"):
                request_headers.update(self._auth.headers())
        request = urllib.request.Request(url, data=body, headers=request_headers, method=self.method)
        timeout = options.get("timeout") or 60
        self.log.info("Sending '%s' to url: %s", self.method, url)
        response = self._send(request, timeout)
        if options.get("check_response", True):
            response.raise_for_status()
        return response

    def _send(self, request, timeout):
        attempt = 0
        while True:
            attempt += 1
            try:
                with urllib.request.urlopen(request, timeout=timeout) as r:
                    return Response(r.geturl(), r.status, r.reason, r.getheaders(), r.read())
            except urllib.error.HTTPError as e:
                return Response(request.full_url, e.code, e.reason, list(e.headers.items()) if e.headers else [],
                                e.read() or b"")
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
                if attempt > self.retry_limit:
                    raise AirflowException("cannot reach %s after %d tries: %s" % (request.full_url, attempt, e)) from e
                self.log.warning("%s: %s; trying again in %ss", request.full_url, e, self.retry_delay)
                time.sleep(self.retry_delay)

    def check_response(self, response):
        response.raise_for_status()

    def test_connection(self):
        try:
            self.run()
            return True, "Connection successfully tested"
        except Exception as e:
            return False, str(e)


class HTTPBasicAuth:
    """``requests.auth.HTTPBasicAuth``'s role for ``auth_type=``: login and password as a basic auth header."""

    def __init__(self, username, password):
        self.username = username
        self.password = password

    def headers(self):
        token = base64.b64encode(("%s:%s" % (self.username, self.password or "")).encode()).decode()
        return {"Authorization": "Basic " + token}
