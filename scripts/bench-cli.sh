#!/usr/bin/env bash
# The CLI's speed (issue 18): median wall time of the commands users and scripts type most, through ./aloft as a
# user runs them, with a daemon of the same data directory running (they ask it through <home>/cli.sock) and
# without one (each opens the store itself), plus an unknown command. Usage: scripts/bench cli [RUNS] (default 11;
# RUNS/2+1 without a daemon, where each call starts and stops the embedded PostgreSQL).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-11}"
WORK="$(mktemp -d /tmp/aloft-bench-cli.XXXXXX)"
export ALOFT_HOME="$WORK/home" ALOFT_DAGS_FOLDER="$WORK/dags" ALOFT_PORT=0
unset ALOFT_DATABASE_URL
mkdir -p "$ALOFT_DAGS_FOLDER"
cat >"$ALOFT_DAGS_FOLDER/bench_cli.py" <<'PY'
from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("bench_cli", start_date=datetime(2024, 1, 1), schedule=None, catchup=False):
    EmptyOperator(task_id="a") >> EmptyOperator(task_id="b")
PY
daemon=""
cleanup() {
  [ -n "$daemon" ] && kill -TERM "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# median_ms RUNS EXPECTED_EXIT CMD...: runs CMD RUNS times, checks its exit code each time, prints the median in ms.
median_ms() {
  local n="$1" want="$2" i t0 rc times=()
  shift 2
  for ((i = 0; i < n; i++)); do
    t0=$EPOCHREALTIME
    rc=0
    "$@" >/dev/null 2>&1 || rc=$?
    times+=("$(( (${EPOCHREALTIME/./} - ${t0/./}) / 1000 ))")
    if [ "$rc" != "$want" ]; then
      echo "bench cli: '$*' exited $rc, expected $want" >&2
      exit 1
    fi
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

A="$ROOT/aloft"
"$A" --version >/dev/null # builds and records the start-up cache when needed, outside the figures
echo "starting a daemon in $ALOFT_HOME ..." >&2
"$A" standalone >"$WORK/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 1 600); do
  [ -S "$ALOFT_HOME/cli.sock" ] && grep -q "Aloft is running" "$WORK/daemon.log" && break
  kill -0 "$daemon" 2>/dev/null || { cat "$WORK/daemon.log" >&2; exit 1; }
  sleep 0.5
done
[ -S "$ALOFT_HOME/cli.sock" ] || { echo "bench cli: the daemon did not open its CLI socket" >&2; exit 1; }
"$A" dags pause bench_cli >/dev/null       # triggered runs stay queued: the machine does no other work meanwhile
"$A" variables set bench_key "a value" >/dev/null
"$A" dags trigger bench_cli --run-id bench_run >/dev/null

names=("dags list" "dags trigger bench_cli" "tasks states-for-dag-run bench_cli bench_run" "variables get bench_key"
  "no-such-command")
codes=(0 0 0 0 2)
declare -A with without
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  with[$i]=$(median_ms "$RUNS" "${codes[$i]}" "$A" ${names[$i]})
done
kill -TERM "$daemon"
wait "$daemon" 2>/dev/null || true
daemon=""
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  without[$i]=$(median_ms $((RUNS / 2 + 1)) "${codes[$i]}" "$A" ${names[$i]})
done

echo
echo "CLI wall time, median ms ($RUNS runs with the daemon, $((RUNS / 2 + 1)) without; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-52s %12s %12s\n' "command" "daemon" "no daemon"
for i in "${!names[@]}"; do
  printf '%-52s %12s %12s\n' "aloft ${names[$i]}" "${with[$i]}" "${without[$i]}"
done
