#!/usr/bin/env bash
# The CLI's speed (issue 18): median wall time of the commands users and scripts type most, through ./aloft as a
# user runs them, with a daemon of the same data directory running (they ask it through <home>/cli.sock) and
# without one (each opens the store itself), plus an unknown command and the root's --help. Usage: scripts/bench cli [RUNS] (default 11;
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

# median_ms RUNS EXPECTED_EXIT CMD...: runs CMD RUNS times, checks its exit code each time, prints the median wall
# time and the median CPU time (user + system, the launcher's processes and the JVM's together) in ms. On a shared
# machine the CPU time is the steadier figure: the wall time also holds the waits for a core.
median_ms() {
  local n="$1" want="$2" i rc t real user sys walls=() cpus=()
  shift 2
  for ((i = 0; i < n; i++)); do
    rc=0
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; echo "rc=$?"; } 2>&1 )
    rc="${t##*rc=}"
    if [ "$rc" != "$want" ]; then
      echo "bench cli: '$*' exited $rc, expected $want" >&2
      exit 1
    fi
    read -r real user sys <<<"${t%%$'\n'*}"
    walls+=("$(awk -v r="$real" 'BEGIN {printf "%d", r * 1000}')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')")
  done
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}') $(
    printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')"
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
# The daemon answers before its first pass over the DAGs folder ends: wait until it has the DAG.
for _ in $(seq 1 120); do
  "$A" dags list 2>/dev/null | grep -q bench_cli && break
  sleep 0.5
done
"$A" dags pause bench_cli >/dev/null 2>"$WORK/setup.err" || { cat "$WORK/setup.err" >&2; exit 1; }      # triggered runs stay queued: the machine does no other work meanwhile
"$A" variables set bench_key "a value" >/dev/null 2>"$WORK/setup.err" || { cat "$WORK/setup.err" >&2; exit 1; }
"$A" dags trigger bench_cli --run-id bench_run >/dev/null 2>"$WORK/setup.err" || { cat "$WORK/setup.err" >&2; exit 1; }

names=("dags list" "dags trigger bench_cli" "tasks states-for-dag-run bench_cli bench_run" "variables get bench_key"
  "no-such-command" "--help")
codes=(0 0 0 0 2 0)
# What each command printed, with and without the daemon, must be the same (a trigger's run id and dates aside).
answers() {
  local i
  for i in "${!names[@]}"; do
    # shellcheck disable=SC2086
    "$A" ${names[$i]} 2>&1 | grep -v ' INFO \| WARN ' | sed -E 's/manual__[0-9T:.+-]+/RUN/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/DATE/g' || true
  done
}
declare -A with without
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  with[$i]=$(median_ms "$RUNS" "${codes[$i]}" "$A" ${names[$i]})
done
answers >"$WORK/with-daemon.txt"
# Before the fast route: the same daemon running, each command opening the store itself (its socket moved aside;
# a listening socket keeps working when renamed, so it is moved back afterwards).
declare -A store
mv "$ALOFT_HOME/cli.sock" "$ALOFT_HOME/cli.sock.aside"
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  store[$i]=$(median_ms $((RUNS / 2 + 1)) "${codes[$i]}" "$A" ${names[$i]})
done
mv "$ALOFT_HOME/cli.sock.aside" "$ALOFT_HOME/cli.sock"
kill -TERM "$daemon"
wait "$daemon" 2>/dev/null || true
daemon=""
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  without[$i]=$(median_ms $((RUNS / 2 + 1)) "${codes[$i]}" "$A" ${names[$i]})
done
answers >"$WORK/without-daemon.txt"
if ! diff "$WORK/with-daemon.txt" "$WORK/without-daemon.txt" >&2; then
  echo "bench cli: the answers with and without the daemon differ (see above)" >&2
  exit 1
fi

echo
echo "CLI median wall / CPU ms ($RUNS runs through the daemon, $((RUNS / 2 + 1)) of the others; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo "(\"daemon, store path\": what each command cost before the daemon answered it, with the daemon running)"
printf '%-50s %14s %20s %14s\n' "command" "daemon" "daemon, store path" "no daemon"
for i in "${!names[@]}"; do
  read -r w c <<<"${with[$i]}"
  read -r w1 c1 <<<"${store[$i]}"
  read -r w2 c2 <<<"${without[$i]}"
  printf '%-50s %14s %20s %14s\n' "aloft ${names[$i]}" "$w / $c" "$w1 / $c1" "$w2 / $c2"
done
