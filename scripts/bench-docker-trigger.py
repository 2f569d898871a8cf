#!/usr/bin/env python3
"""Trigger to success of one Docker task through a running Aloft, against `docker run --rm` on the same host.

Usage: ./aloft standalone &   then   scripts/bench-docker-trigger.py [rounds] [url] [user] [password]
Triggers the shipped `docker_hello` DAG (a DockerOperator running `true` in aloft/busybox:latest) through the
REST API, polls the run every 10 ms until it ends, and alternates with `docker run --rm aloft/busybox:latest true`.
Prints medians and their ratio. Standard library only.
"""
import base64
import json
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
url = (sys.argv[2] if len(sys.argv) > 2 else "http://localhost:8081").rstrip("/")
auth = base64.b64encode(("%s:%s" % (sys.argv[3] if len(sys.argv) > 3 else "airflow",
                                    sys.argv[4] if len(sys.argv) > 4 else "airflow")).encode()).decode()


def call(method, path, body=None):
    req = urllib.request.Request(url + "/api/v1" + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Basic " + auth, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


def aloft_once():
    start = time.perf_counter()
    run = call("POST", "/dags/docker_hello/dagRuns", {"conf": {}})
    while True:
        state = call("GET", "/dags/docker_hello/dagRuns/" + urllib.parse.quote(run["dag_run_id"], safe=""))["state"]
        if state in ("success", "failed"):
            if state != "success":
                raise SystemExit("run %s failed: see its log" % run["dag_run_id"])
            return (time.perf_counter() - start) * 1000
        time.sleep(0.01)


def cli_once():
    start = time.perf_counter()
    subprocess.run(["docker", "run", "--rm", "aloft/busybox:latest", "true"], check=True)
    return (time.perf_counter() - start) * 1000


call("PATCH", "/dags/docker_hello", {"is_paused": False})
aloft_once()
cli_once()  # warm both paths once
aloft, cli = [], []
for _ in range(rounds):
    aloft.append(aloft_once())
    cli.append(cli_once())
a, c = statistics.median(aloft), statistics.median(cli)
print("trigger to success, one Docker task running `true`, %d rounds (ms):" % rounds)
print("  Aloft (REST trigger, polled every 10 ms)  median %7.1f   p90 %7.1f" % (a, sorted(aloft)[int(0.9 * rounds) - 1]))
print("  docker run --rm aloft/busybox:latest true  median %7.1f   p90 %7.1f" % (c, sorted(cli)[int(0.9 * rounds) - 1]))
print("  ratio Aloft / CLI: %.2f" % (a / c))
