#!/usr/bin/env python3
"""Is the UI still responsive while 8 tasks run? Against a running Aloft (`./aloft standalone`).

Usage: scripts/bench-ui-under-load.py [seconds] [url] [user] [password]
Triggers the shipped `parallel_sleep` DAG (8 parallel Bash tasks), waits until all 8 run, then for
`seconds` (default 10) requests the DAG list page and GET /api/v1/dags from one client, and prints
p50/p99 for each. Standard library only.
"""
import base64
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
url = (sys.argv[2] if len(sys.argv) > 2 else "http://localhost:8081").rstrip("/")
auth = "Basic " + base64.b64encode(("%s:%s" % (sys.argv[3] if len(sys.argv) > 3 else "airflow",
                                               sys.argv[4] if len(sys.argv) > 4 else "airflow")).encode()).decode()


def get(path):
    req = urllib.request.Request(url + path, headers={"Authorization": auth})
    with urllib.request.urlopen(req) as r:
        return r.read()


def call(method, path, body=None):
    req = urllib.request.Request(url + "/api/v1" + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": auth, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


run = call("POST", "/dags/parallel_sleep/dagRuns", {"conf": {"seconds": int(seconds) + 30}})
run_path = "/dags/parallel_sleep/dagRuns/" + urllib.parse.quote(run["dag_run_id"], safe="")
deadline = time.time() + 60
while time.time() < deadline:
    tis = call("GET", run_path + "/taskInstances")["task_instances"]
    running = sum(1 for t in tis if t["state"] == "running")
    if running >= 8:
        break
    time.sleep(0.2)
print("tasks running while measuring: %d" % running)
samples = {"GET /home (DAG list page)": [], "GET /api/v1/dags": []}
end = time.time() + seconds
while time.time() < end:
    for name, path in (("GET /home (DAG list page)", "/home"), ("GET /api/v1/dags", "/api/v1/dags")):
        t = time.perf_counter()
        get(path)
        samples[name].append((time.perf_counter() - t) * 1000)
for name, xs in samples.items():
    xs.sort()
    print("%-28s n=%4d  p50 %6.1f ms  p99 %6.1f ms" % (name, len(xs), statistics.median(xs), xs[int(0.99 * len(xs)) - 1]))
call("PATCH", run_path, {"state": "failed"})
