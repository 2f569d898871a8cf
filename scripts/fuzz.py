#!/usr/bin/env python3
"""Aloft's API and UI fuzz harness (issue 17). Standard library only; loopback only.

Starts `./aloft standalone` with a data directory and port of its own (or targets a running one given
with --url on 127.0.0.1/localhost), seeds a secret variable `db_password` with a marker value, runs a DAG
that renders that variable into a Bash command, then sends --requests bounded requests (at most --seconds)
to every API route and UI form: malformed JSON, wrong types, huge and deeply nested bodies, NUL and other
control characters, out-of-range dates and numbers, oversize ids, wrong content types, raw malformed
request lines. It prints the requests sent, the 5xx answers (target 0), daemon crashes (target 0), answers
quoting SQL (target 0), and whether the marker stayed out of every response, page, task log and the
daemon's own log (target: yes). When Docker and the aloft/busybox image are there, it also runs a
DockerOperator whose private_environment holds a second marker: the container must get it (its log shows the
value's SHA-256) while the marker stays out of every answer, page and log, and out of every file of the data
directory, PostgreSQL's tables and write-ahead log included (target: yes). Exit status 0 only when every
target is met.
"""

import argparse
import base64
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = "FuzzS3cret-7f3a9c"
SECRET_KEY = "db_password"
DAG_ID = "fuzz_secret"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SQL_WORDS = re.compile(r"(?i)\b(select\s+.+\s+from|insert\s+into|update\s+\w+\s+set|delete\s+from)\b|PSQLException|org\.jdbi")

DAG_FILE = f'''
from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("{DAG_ID}", schedule=None, start_date=datetime(2024, 1, 1), catchup=False) as dag:
    BashOperator(task_id="use_secret", bash_command='echo "connecting with {{{{ var.value.{SECRET_KEY} }}}}"')
'''


DOCKER_MARKER = "DockS3cret-xyz-41c8"
DOCKER_DAG_ID = "fuzz_docker_secret"
DOCKER_IMAGE = "aloft/busybox:latest"

DOCKER_DAG_FILE = f'''
from datetime import datetime
from airflow import DAG
from airflow.providers.docker.operators.docker import DockerOperator

with DAG("{DOCKER_DAG_ID}", schedule=None, start_date=datetime(2024, 1, 1), catchup=False) as dag:
    DockerOperator(task_id="container", image="{DOCKER_IMAGE}", auto_remove="success",
                   command=["sh", "-c", 'printf %s "$TOKEN" | sha256sum'],
                   private_environment={{"TOKEN": "{DOCKER_MARKER}"}})
'''


def docker_available():
    try:
        return subprocess.run(["docker", "image", "inspect", DOCKER_IMAGE], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Target:
    """One HTTP target on loopback, with basic credentials and a UI session."""

    def __init__(self, host, port, user, password):
        self.host, self.port = host, port
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.user, self.password = user, password
        self.cookie = None
        self.csrf = None

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            h = dict(headers or {})
            if body is not None and "Content-Length" not in h:
                h["Content-Length"] = str(len(body))
            for k, v in h.items():
                conn.putheader(k, v)
            conn.endheaders(body)
            r = conn.getresponse()
            data = r.read()
            headers = dict((k.lower(), v) for k, v in r.getheaders())
            headers["set-cookie"] = "\n".join(r.msg.get_all("Set-Cookie") or [])
            return r.status, headers, data
        finally:
            conn.close()

    def raw(self, data, timeout=15):
        """Sends raw bytes (a malformed request line); returns the status or 0 when the server just closed."""
        with socket.create_connection((self.host, self.port), timeout=timeout) as s:
            s.sendall(data)
            chunks = []
            try:
                while True:
                    c = s.recv(65536)
                    if not c:
                        break
                    chunks.append(c)
            except socket.timeout:
                pass
        text = b"".join(chunks)
        m = re.match(rb"HTTP/1\.[01] (\d{3})", text)
        return (int(m.group(1)) if m else 0), text

    def api(self, method, path, obj=None):
        body = None if obj is None else json.dumps(obj).encode()
        headers = {"Authorization": self.auth}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return self.request(method, "/api/v1" + path, body, headers)

    def login(self):
        status, headers, body = self.request("GET", "/login")
        token = re.search(r'name="_csrf" value="([^"]+)"', body.decode()).group(1)
        form = urllib.parse.urlencode({"_csrf": token, "username": self.user, "password": self.password, "next": "/home"})
        status, headers, _ = self.request(
            "POST", "/login", form.encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"aloft_login_csrf={token}"})
        m = re.search(r"aloft_session=([^;]+)", headers.get("set-cookie", ""))
        if status != 302 or not m:
            raise SystemExit(f"fuzz: cannot log in to the UI as {self.user} (status {status})")
        self.cookie = "aloft_session=" + m.group(1)
        _, _, page = self.request("GET", "/home", headers={"Cookie": self.cookie})
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.decode()).group(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_daemon(args):
    home = tempfile.mkdtemp(prefix="aloft-fuzz-")
    dags = os.path.join(home, "dags")
    os.makedirs(dags)
    with open(os.path.join(dags, "fuzz_secret.py"), "w") as f:
        f.write(DAG_FILE)
    if args.docker:
        with open(os.path.join(dags, "fuzz_docker_secret.py"), "w") as f:
            f.write(DOCKER_DAG_FILE)
    port = free_port()
    env = dict(os.environ, ALOFT_HOME=home, ALOFT_PORT=str(port), ALOFT_DAGS_FOLDER=dags)
    log_path = os.path.join(home, "daemon.log")
    log = open(log_path, "wb")
    proc = subprocess.Popen([os.path.join(ROOT, "aloft"), "standalone"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + args.start_timeout
    target = Target("127.0.0.1", port, "airflow", "airflow")
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"fuzz: ./aloft standalone exited with {proc.returncode}; see {log_path}")
        try:
            # the daemon answers before its first pass over the DAGs folder ends: wait for the fuzzed DAG itself
            status, _, _ = target.request("GET", f"/api/v1/dags/{DAG_ID}", headers={"Authorization": target.auth},
                                          timeout=5)
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(1)
    else:
        stop_daemon(proc)
        raise SystemExit(f"fuzz: the daemon did not answer within {args.start_timeout} s; see {log_path}")
    return proc, home, log_path, target


def stop_daemon(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def seed(t):
    """The secret, a pool and a variable to aim at, and one run of the DAG that echoes the secret."""
    t.api("POST", "/variables", {"key": SECRET_KEY, "value": MARKER})
    t.api("POST", "/variables", {"key": "fuzz_plain", "value": "plain"})
    t.api("POST", "/pools", {"name": "fuzz_pool", "slots": 2})
    run_id = None
    for _ in range(60):
        status, _, body = t.api("GET", f"/dags/{DAG_ID}")
        if status == 200:
            break
        time.sleep(1)
    t.api("PATCH", f"/dags/{DAG_ID}", {"is_paused": False})
    status, _, body = t.api("POST", f"/dags/{DAG_ID}/dagRuns", {"dag_run_id": "fuzz_seed_run"})
    if status == 200:
        run_id = "fuzz_seed_run"
        for _ in range(120):
            _, _, b = t.api("GET", f"/dags/{DAG_ID}/dagRuns/{run_id}")
            if json.loads(b).get("state") in ("success", "failed"):
                break
            time.sleep(0.5)
    return run_id


def seed_docker(t):
    """One run of the DockerOperator DAG whose private_environment holds DOCKER_MARKER; its final state."""
    for _ in range(120):
        status, _, _ = t.api("GET", f"/dags/{DOCKER_DAG_ID}")
        if status == 200:
            break
        time.sleep(1)
    t.api("PATCH", f"/dags/{DOCKER_DAG_ID}", {"is_paused": False})
    status, _, _ = t.api("POST", f"/dags/{DOCKER_DAG_ID}/dagRuns", {"dag_run_id": "fuzz_docker_run"})
    if status != 200:
        return f"not triggered ({status})"
    state = None
    for _ in range(240):
        _, _, b = t.api("GET", f"/dags/{DOCKER_DAG_ID}/dagRuns/fuzz_docker_run")
        state = json.loads(b).get("state")
        if state in ("success", "failed"):
            break
        time.sleep(0.5)
    return state


ODD_STRINGS = [
    "", " ", "\u0000", "a\u0000b", "\u0001\u0002\u0003", "\t\r\n", "\u202e\u0000", "'; DROP TABLE dag_run; --",
    "../../etc/passwd", "a/b", "%00", "{{ 7*7 }}", "<script>alert(1)</script>", "\ud7ff\uffff", "x" * 300,
    "x" * 70000, "é" * 200, "\\", "null", "NaN",
]
ODD_NUMBERS = ["1e999999", "-1e999999", "123456789012345678901234567890", "-1", "0", "NaN", "Infinity", "1.5",
               "2147483648", "-2147483649", "1e-999999"]
ODD_DATES = ["+300000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2024-13-45T25:61:61Z",
             "9999-12-31T23:59:59.999999+00:00", "10000-01-01T00:00:00Z", "2024-01-01", "now", "2024-01-01T00:00:00\u0000"]
ODD_IDS = ["\u0000", "%00", "a%00b", "%0a", "%09", "x" * 300, "x" * 5000, "x" * 9000, "x" * 100000, "%2F", "..%2F..",
           "%ff%fe", "~", "a b", "%E2%80%AE", "%25", "%", "%zz", "null", "-1", "99999999999999999999"]


def odd_value(rng):
    kind = rng.randrange(8)
    if kind == 0:
        return rng.choice(ODD_STRINGS)
    if kind == 1:
        return float("inf") if rng.random() < 0.5 else rng.choice([10 ** 400, -(10 ** 400), 2 ** 63])
    if kind == 2:
        return rng.choice(ODD_DATES)
    if kind == 3:
        return [rng.choice(ODD_STRINGS)]
    if kind == 4:
        return {rng.choice(ODD_STRINGS): rng.choice(ODD_STRINGS)}
    if kind == 5:
        return rng.choice([True, False, None, 0, -1, 1.5])
    if kind == 6:
        return {"nested": nested(rng.choice([10, 60, 200]))}
    return rng.choice(ODD_STRINGS) * rng.choice([1, 10])


def nested(depth):
    v = "leaf"
    for _ in range(depth):
        v = [v]
    return v


def encode_json(obj):
    """JSON with Python's extensions kept (Infinity, NaN, huge ints): what a careless client sends."""
    return json.dumps(obj, allow_nan=True).encode("utf-8", "surrogatepass")


def malformed_body(rng):
    choices = [
        b"{", b"[", b'"', b"{\"a\":}", b"{'a': 1}", b"\x00\x01\x02", b"\xff\xfe\xfd", b"null", b"[]", b"42", b'"text"',
        b"{\"conf\": " + b"[" * 100000 + b"]" * 100000 + b"}", b"{\"a\": 1e999999}", b"{\"a\": NaN}",
        b"{\"a\": " + b"9" * 5000 + b"}", b"{\"a\": \"" + b"x" * (3 * 1024 * 1024) + b"\"}", b"{" * 5000,
        b"{\"a\": \"\\u0000\"}", b"{\"\\u0000\": 1}", b"{\"a\": \"\\ud800\"}", b"\xef\xbb\xbf{}",
    ]
    return rng.choice(choices)


def api_routes(run_id):
    d = DAG_ID
    r = run_id or "fuzz_seed_run"
    return [
        ("GET", "/dags"), ("GET", "/dags/{d}"), ("PATCH", "/dags/{d}"), ("GET", "/dags/{d}/details"),
        ("GET", "/dags/{d}/dagRuns"), ("POST", "/dags/{d}/dagRuns"), ("GET", "/dags/{d}/dagRuns/{r}"),
        ("PATCH", "/dags/{d}/dagRuns/{r}"), ("DELETE", "/dags/{d}/dagRuns/{r2}"),
        ("GET", "/dags/{d}/dagRuns/{r}/taskInstances"), ("GET", "/dags/{d}/dagRuns/{r}/taskInstances/{t}"),
        ("GET", "/dags/{d}/dagRuns/{r}/taskInstances/{t}/logs/{n}"),
        ("GET", "/dags/{d}/dagRuns/{r}/taskInstances/{t}/xcomEntries"),
        ("GET", "/dags/{d}/dagRuns/{r}/taskInstances/{t}/xcomEntries/{k}"),
        ("GET", "/dagSources/{tok}"), ("GET", "/pools"), ("POST", "/pools"), ("GET", "/pools/{p}"),
        ("PATCH", "/pools/{p}"), ("DELETE", "/pools/{p}"), ("GET", "/variables"), ("POST", "/variables"),
        ("GET", "/variables/{v}"), ("PATCH", "/variables/{v}"), ("DELETE", "/variables/{v}"),
        ("GET", "/importErrors"), ("GET", "/importErrors/{n}"), ("GET", "/models"), ("GET", "/models/{k}"),
        ("GET", "/health"), ("GET", "/version"),
    ], {"d": d, "r": r, "r2": "fuzz_other_run", "t": "use_secret", "n": "1", "k": "return_value", "tok": "x", "p": "fuzz_pool",
        "v": "fuzz_plain"}


UI_GETS = ["/home", "/dags/{d}/grid", "/dags/{d}/graph", "/dags/{d}/code", "/dags/{d}/trigger",
           "/dags/{d}/runs/{r}", "/pools", "/import-errors", "/models", "/ui/dags/{d}/grid",
           "/ui/dags/{d}/runs/{r}/states", "/login"]
UI_QUERY = ["try", "num_runs", "status", "search", "next", "map_index", "task", "orientation", "token", "full_content"]
API_QUERY = ["limit", "offset", "order_by", "dag_id_pattern", "only_active", "paused", "tags", "state",
             "execution_date_gte", "start_date_lte", "update_mask", "full_content", "map_index", "token", "deserialize"]
BODY_FIELDS = {
    "/dags/{d}/dagRuns/{r2}": ["x"],
    "/dags/{d}": ["is_paused"], "/dags/{d}/dagRuns": ["dag_run_id", "conf", "logical_date", "execution_date", "note"],
    "/dags/{d}/dagRuns/{r}": ["state", "note"], "/pools": ["name", "slots", "description", "include_deferred"],
    "/pools/{p}": ["name", "slots", "description"], "/variables": ["key", "value", "description"],
    "/variables/{v}": ["key", "value", "description"],
}


def fill(template, values, rng, mutate):
    def sub(m):
        name = m.group(1)
        if mutate and rng.random() < 0.5:
            return rng.choice(ODD_IDS)
        return urllib.parse.quote(values[name], safe="")
    return re.sub(r"\{(\w+)\}", sub, template)


def query(rng, names):
    if rng.random() < 0.4:
        return ""
    parts = []
    for _ in range(rng.randint(1, 3)):
        v = rng.choice(ODD_STRINGS + ODD_NUMBERS + ODD_DATES + ["abc", "5", "-5"])
        parts.append(rng.choice(names) + "=" + urllib.parse.quote(v, safe=""))
    return "?" + "&".join(parts)


def api_case(rng, t, routes, values):
    method, template = rng.choice(routes)
    path = "/api/v1" + fill(template, values, rng, rng.random() < 0.3) + query(rng, API_QUERY)
    headers = {"Authorization": t.auth}
    body = None
    if method in ("POST", "PATCH", "PUT") or (method == "DELETE" and rng.random() < 0.2):
        fields = BODY_FIELDS.get(template, ["x"])
        mode = rng.randrange(5)
        if mode == 0:
            body = malformed_body(rng)
        else:
            obj = {f: odd_value(rng) for f in rng.sample(fields, rng.randint(1, len(fields)))}
            body = encode_json(obj)
        ct = rng.choice(["application/json"] * 6 + ["text/plain", "application/x-www-form-urlencoded",
                                                       "multipart/form-data; boundary=x", None,
                                                       "application/json; charset=bogus", "application/merge-patch+json"])
        if ct:
            headers["Content-Type"] = ct
    if rng.random() < 0.05:
        headers["Authorization"] = "Basic " + base64.b64encode(
            ("fuzz_nobody:" + rng.choice(["x" * 100, "\u0000", "é" * 50])).encode()).decode()
    if rng.random() < 0.03:
        headers["Authorization"] = "Basic " + rng.choice(["!!!", "", "a" * 9000, "Og=="])
    return method, path, body, headers


def ui_case(rng, t, values):
    if rng.random() < 0.5:
        path = fill(rng.choice(UI_GETS), values, rng, rng.random() < 0.3) + query(rng, UI_QUERY)
        return "GET", path, None, {"Cookie": t.cookie}
    form_target = rng.choice(["/pools", "/pools/{p}", "/pools/{p}/delete", "/dags/{d}/trigger", "/login", "/logout"])
    fields = {
        "/pools": ["name", "slots", "description"], "/pools/{p}": ["slots", "description"], "/pools/{p}/delete": [],
        "/dags/{d}/trigger": ["conf", "run_id", "logical_date"], "/login": ["username", "password", "next"],
        "/logout": [],
    }[form_target]
    data = {}
    for f in fields:
        v = odd_value(rng)
        data[f] = v if isinstance(v, str) else json.dumps(v, allow_nan=True)
    if form_target == "/login":
        data["username"] = "fuzz_nobody"  # never lock out the account the harness uses
    if form_target != "/logout":
        data["_csrf"] = t.csrf if rng.random() < 0.9 else "wrong"
    else:
        data["_csrf"] = "wrong"  # keep the session alive
    body = urllib.parse.urlencode(data, encoding="utf-8", errors="surrogatepass").encode()
    ct = rng.choice(["application/x-www-form-urlencoded"] * 5 + ["text/plain", "application/json", None])
    headers = {"Cookie": t.cookie}
    if ct:
        headers["Content-Type"] = ct
    return "POST", fill(form_target, values, rng, rng.random() < 0.2), body, headers


def raw_case(rng, t):
    lines = [
        b"GET /api/v1/dags/\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/dags/" + b"d" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /home HTTP/1.1\r\nHost: x\r\nX-Big: " + b"h" * 20000 + b"\r\n\r\n",
        b"GARBAGE\r\n\r\n",
        b"POST /api/v1/variables HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        b"POST /api/v1/variables HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET /api/v1/dags/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/dags HTTP/1.1\r\nHost: x\r\nAuthorization: Basic \x00\x01\r\n\r\n",
    ]
    return rng.choice(lines)


def alive(t):
    try:
        status, _, _ = t.request("GET", "/health", timeout=10)
        return status == 200
    except OSError:
        return False


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", help="a running Aloft on loopback (default: start one with its own home and port)")
    p.add_argument("--user", default="airflow")
    p.add_argument("--password", default="airflow")
    p.add_argument("--requests", type=int, default=2000, help="at most this many requests (default 2000)")
    p.add_argument("--seconds", type=int, default=300, help="at most this long fuzzing (default 300)")
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--start-timeout", type=int, default=300)
    p.add_argument("--keep", action="store_true", help="keep the started daemon's data directory")
    p.add_argument("--no-docker", dest="docker", action="store_false",
                   help="skip the DockerOperator private_environment check")
    args = p.parse_args()
    args.docker = args.docker and not args.url and docker_available()

    proc = home = log_path = None
    if args.url:
        u = urllib.parse.urlparse(args.url)
        if u.hostname not in LOOPBACK:
            raise SystemExit("fuzz: only a loopback address (127.0.0.1, localhost, ::1) may be fuzzed")
        target = Target(u.hostname, u.port or 80, args.user, args.password)
    else:
        proc, home, log_path, target = start_daemon(args)
    rng = random.Random(args.seed)
    sent = 0
    masked_line_seen = False
    elapsed = 0.0
    statuses = {}
    fives, sql_leaks, secret_hits, crashes, errors = [], [], [], 0, 0
    docker_state, docker_token_seen = None, False
    try:
        run_id = seed(target)
        if args.docker:
            docker_state = seed_docker(target)
        target.login()
        routes, values = api_routes(run_id)
        start = time.time()

        def record(kind, method, path, status, body):
            nonlocal sent
            sent += 1
            statuses[status] = statuses.get(status, 0) + 1
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
            where = f"{kind} {method} {path[:120]!r}"
            if status >= 500:
                fives.append(f"{where} -> {status}: {text[:200]!r}")
            if SQL_WORDS.search(text):
                sql_leaks.append(f"{where} -> {status}: {text[:200]!r}")
            if MARKER in text or DOCKER_MARKER in text:
                secret_hits.append(f"{where} -> {status}")

        while sent < args.requests and time.time() - start < args.seconds:
            r = rng.random()
            try:
                if r < 0.04:
                    status, raw = target.raw(raw_case(rng, target))
                    record("raw", "-", "-", status, raw)
                    continue
                if r < 0.65:
                    method, path, body, headers = api_case(rng, target, routes, values)
                    kind = "api"
                else:
                    method, path, body, headers = ui_case(rng, target, values)
                    kind = "ui"
                status, _, data = target.request(method, path, body, headers)
                record(kind, method, path, status, data)
            except (OSError, http.client.HTTPException) as e:
                errors += 1
                sent += 1
                if not alive(target):
                    crashes += 1
                    fives.append(f"no answer ({e!r}) and /health is down")
                    if proc is not None and proc.poll() is not None:
                        break
            if sent % 200 == 0 and not alive(target):
                crashes += 1
                break
        if proc is not None and proc.poll() is not None:
            crashes += 1

        # every place the secret could surface, read through the server
        if run_id:
            for path in (f"/api/v1/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances/use_secret/logs/1",
                         f"/api/v1/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances/use_secret",
                         "/api/v1/variables", f"/api/v1/variables/{SECRET_KEY}"):
                status, _, data = target.request("GET", path, headers={"Authorization": target.auth})
                record("check", "GET", path, status, data)
            for path in (f"/dags/{DAG_ID}/runs/{run_id}", f"/dags/{DAG_ID}/runs/{run_id}?task=use_secret",
                         f"/dags/{DAG_ID}/grid", f"/ui/dags/{DAG_ID}/grid"):
                status, _, data = target.request("GET", path, headers={"Cookie": target.cookie})
                record("check", "GET", path, status, data)
            status, _, data = target.request(
                "GET", f"/api/v1/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances/use_secret/logs/1",
                headers={"Authorization": target.auth, "Accept": "text/plain"})
            masked_line_seen = b"connecting with ***" in data
        if args.docker:
            _, _, b = target.api("GET", f"/dags/{DOCKER_DAG_ID}")
            token = json.loads(b).get("file_token") or "x"
            ti = f"/api/v1/dags/{DOCKER_DAG_ID}/dagRuns/fuzz_docker_run/taskInstances/container"
            for path in (f"/api/v1/dags/{DOCKER_DAG_ID}", f"/api/v1/dags/{DOCKER_DAG_ID}/details",
                         f"/api/v1/dags/{DOCKER_DAG_ID}/tasks", f"/api/v1/dags/{DOCKER_DAG_ID}/tasks/container",
                         f"/api/v1/dagSources/{token}", ti, ti + "/logs/1", ti + "/xcomEntries",
                         ti + "/xcomEntries/return_value"):
                status, _, data = target.request("GET", path, headers={"Authorization": target.auth})
                record("check", "GET", path, status, data)
            for path in (f"/dags/{DOCKER_DAG_ID}/runs/fuzz_docker_run",
                         f"/dags/{DOCKER_DAG_ID}/runs/fuzz_docker_run?task=container",
                         f"/dags/{DOCKER_DAG_ID}/code", f"/dags/{DOCKER_DAG_ID}/graph",
                         f"/dags/{DOCKER_DAG_ID}/grid"):
                status, _, data = target.request("GET", path, headers={"Cookie": target.cookie})
                record("check", "GET", path, status, data)
            _, _, data = target.request("GET", ti + "/logs/1",
                                        headers={"Authorization": target.auth, "Accept": "text/plain"})
            docker_token_seen = hashlib.sha256(DOCKER_MARKER.encode()).hexdigest().encode() in data
        elapsed = time.time() - start
    finally:
        if proc is not None:
            stop_daemon(proc)

    leaked_files = []
    log_lines_checked = 0
    if home:
        for dirpath, _, files in os.walk(os.path.join(home, "logs")):
            for f in files:
                with open(os.path.join(dirpath, f), "rb") as fh:
                    content = fh.read()
                log_lines_checked += content.count(b"\n")
                if MARKER.encode() in content:
                    leaked_files.append(os.path.join(dirpath, f))
        with open(log_path, "rb") as fh:
            content = fh.read()
            if MARKER.encode() in content:
                leaked_files.append(log_path)

    docker_files = []
    if home and args.docker:
        # the stopped daemon's whole data directory: PostgreSQL's tables and WAL, logs, env; not the DAG file
        dags_dir = os.path.join(home, "dags")
        for dirpath, _, files in os.walk(home):
            if dirpath.startswith(dags_dir):
                continue
            for f in files:
                try:
                    with open(os.path.join(dirpath, f), "rb") as fh:
                        if DOCKER_MARKER.encode() in fh.read():
                            docker_files.append(os.path.join(dirpath, f))
                except OSError:
                    pass

    print(f"requests sent:          {sent} in {elapsed:.0f} s (seed {args.seed})")
    print("answers by status:      " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    print(f"5xx answers:            {len(fives)}  (target 0)")
    for f in fives[:20]:
        print("    " + f)
    print(f"daemon crashes:         {crashes}  (target 0; connection errors {errors})")
    print(f"answers quoting SQL:    {len(sql_leaks)}  (target 0)")
    for f in sql_leaks[:10]:
        print("    " + f)
    secret_ok = not secret_hits and not leaked_files
    print(f"seeded secret {SECRET_KEY} stayed out of responses, pages and logs: {'yes' if secret_ok else 'NO'}"
          + (f" (task log lines checked: {log_lines_checked})" if home else " (logs on disk not checked: --url mode)"))
    print(f"the task log shows the rendered command with the secret masked: {'yes' if masked_line_seen else 'NO'}")
    for f in secret_hits[:10] + leaked_files[:10]:
        print("    leaked in " + f)
    docker_ok = True
    if args.docker:
        docker_ok = docker_state == "success" and docker_token_seen and not docker_files
        print(f"DockerOperator private_environment: run {docker_state}, the container got the value:"
              f" {'yes' if docker_token_seen else 'NO'}, absent from every file of the data directory"
              f" (PostgreSQL tables and WAL included): {'yes' if not docker_files else 'NO'}")
        for f in docker_files[:10]:
            print("    found in " + f)
    else:
        print("DockerOperator private_environment: not checked (--url, --no-docker, or no Docker/aloft/busybox)")
    if home and not args.keep:
        shutil.rmtree(home, ignore_errors=True)
    elif home:
        print(f"data directory kept: {home}")
    return 0 if not fives and not crashes and not sql_leaks and secret_ok and masked_line_seen and docker_ok else 1


if __name__ == "__main__":
    sys.exit(main())
