#!/usr/bin/env python3
"""Trigger to success of one Docker task through a running Aloft, against `docker run --rm` on the same host.

Usage: ./aloft standalone &   then   scripts/bench-docker-trigger.py [rounds] [url] [user] [password]
Triggers the shipped `docker_hello` DAG (a DockerOperator running `true` in aloft/busybox:latest) through the
REST API and alternates with `docker run --rm aloft/busybox:latest true`. Two Aloft figures: what a client polling
every 10 ms sees, and the time from sending the POST to the run's recorded end_date (same host, same clock; polled
every 100 ms so that the polling neither delays nor slows it). Prints medians and ratios. Standard library only.
"""
import base64
import datetime
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


def aloft_once(poll_seconds):
    """Returns (what the polling client saw, POST sent -> the run's recorded end), both in ms.

    Daemon and client share the host's clock, so the second figure is trigger to success without the
    client's polling delay (and without the CPU the polling takes from the daemon when it polls fast).
    """
    wall = time.time()
    start = time.perf_counter()
    run = call("POST", "/dags/docker_hello/dagRuns", {"conf": {}})
    while True:
        now = call("GET", "/dags/docker_hello/dagRuns/" + urllib.parse.quote(run["dag_run_id"], safe=""))
        if now["state"] in ("success", "failed"):
            seen = (time.perf_counter() - start) * 1000
            if now["state"] != "success":
                raise SystemExit("run %s failed: see its log" % run["dag_run_id"])
            ended = datetime.datetime.fromisoformat(now["end_date"].replace("Z", "+00:00")).timestamp()
            return seen, (ended - wall) * 1000
        time.sleep(poll_seconds)


def cli_once():
    start = time.perf_counter()
    subprocess.run(["docker", "run", "--rm", "aloft/busybox:latest", "true"], check=True)
    return (time.perf_counter() - start) * 1000


def p90(values):
    return sorted(values)[max(0, int(0.9 * len(values)) - 1)]


call("PATCH", "/dags/docker_hello", {"is_paused": False})
aloft_once(0.01)
cli_once()  # warm both paths once
polled, recorded, cli = [], [], []
for _ in range(rounds):
    polled.append(aloft_once(0.01)[0])
    cli.append(cli_once())
    recorded.append(aloft_once(0.1)[1])
    cli.append(cli_once())
a, r, c = statistics.median(polled), statistics.median(recorded), statistics.median(cli)
print("trigger to success, one Docker task running `true`, %d rounds each, alternated (ms):" % rounds)
print("  Aloft, as a REST client polling every 10 ms sees it  median %7.1f   p90 %7.1f" % (a, p90(polled)))
print("  Aloft, POST sent -> run end_date (polled every 100 ms)  median %7.1f   p90 %7.1f" % (r, p90(recorded)))
print("  docker run --rm aloft/busybox:latest true             median %7.1f   p90 %7.1f" % (c, p90(cli)))
print("  ratios to the CLI: polled %.2f, recorded %.2f" % (a / c, r / c))
