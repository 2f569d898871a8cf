# The JVM's ahead-of-time cache for Aloft (JDK 25+, JEP 483/514), sourced by ./aloft and scripts/bench after
# scripts/lib/jdk.sh. On a stock JDK most of a cold start is loading, verifying and linking the classes of
# GraalPy, Truffle and the runtime; a cache recorded once per build maps them ready-made instead
# (measured here: a fresh GraalPy context with the airflow package imported 4.2 s -> 1.6 s).
#
# aloft_aot_prepare ROOT CLASSPATH sets ALOFT_AOT_OPTS (an array: empty, or -XX:AOTCache=... and the Python
# workers' cache as -Daloft.python.worker.aot=...). When the cache is missing or was recorded for another build,
# JDK or JVM options, it first records one by running io.aloft.runtime.StartupTraining (a throw-away standalone
# daemon in a temporary folder: the shipped DAGs, one small run; about 30-60 s, log in
# runtime/target/aot-training.log). The training's first Python worker records a second cache,
# aloft-worker.aot, for the worker JVMs: they load GraalPy and Truffle, which the daemon no longer does, so
# the daemon's cache would not spare them those classes (issue 16: a worker's start went from seconds to
# about one). ALOFT_AOT=off turns all of it off; JDKs older than 25 start without a cache.

aloft_aot_prepare() {
  local root="$1" cp="$2" target="$1/runtime/target"
  ALOFT_AOT_OPTS=()
  [ "${ALOFT_AOT:-on}" != off ] && [ "${ALOFT_JAVA_MAJOR:-0}" -ge 25 ] || return 0
  local cache="$target/aloft.aot" wcache="$target/aloft-worker.aot" key
  # What the cache is only valid for: this JDK, these JVM options and these exact jars.
  key="$( { echo "$JAVA_HOME ${ALOFT_JVM_OPTS[*]} ${ALOFT_JAVA_OPTS:-}"
            stat -c '%n %s %Y' "$JAVA_HOME/lib/modules" "$target/aloft-runtime.jar" "$target"/lib/*.jar; } \
          2>/dev/null | cksum)"
  if [ -f "$cache" ] && [ "$(cat "$cache.key" 2>/dev/null)" = "$key" ]; then
    ALOFT_AOT_OPTS=(-XX:AOTCache="$cache")
    [ -f "$wcache" ] && ALOFT_AOT_OPTS+=(-Daloft.python.worker.aot="$wcache")
    return 0
  fi
  # A recording that failed for this very build is not retried on every start.
  [ "$(cat "$cache.failed" 2>/dev/null)" = "$key" ] && return 0
  echo "aloft: recording the JVM's start-up cache for this build (once per build, about 30 s; ALOFT_AOT=off skips it) ..." >&2
  local tmp="$cache.$$.tmp" wtmp="$wcache.$$.tmp" log="$target/aot-training.log"
  rm -f "$cache" "$cache.key" "$cache.failed" "$wcache"
  if ALOFT_BUNDLED_PLUGINS="${ALOFT_BUNDLED_PLUGINS:-$root/plugins}" \
      "$JAVA_HOME/bin/java" "${ALOFT_JVM_OPTS[@]}" ${ALOFT_JAVA_OPTS:-} -XX:AOTCacheOutput="$tmp" \
      -Daloft.python.worker.aot.output="$wtmp" -cp "$cp" \
      io.aloft.runtime.StartupTraining "$root/dags" >"$log" 2>&1 && [ -s "$tmp" ]; then
    mv -f "$tmp" "$cache"
    ALOFT_AOT_OPTS=(-XX:AOTCache="$cache")
    if [ -s "$wtmp" ]; then
      mv -f "$wtmp" "$wcache"
      ALOFT_AOT_OPTS+=(-Daloft.python.worker.aot="$wcache")
    else
      rm -f "$wtmp" "$wtmp.config"
      echo "aloft: the Python workers' start-up cache was not recorded (see $log); they start without it" >&2
    fi
    echo "$key" >"$cache.key"
  else
    rm -f "$tmp" "$tmp.config" "$wtmp" "$wtmp.config"
    echo "$key" >"$cache.failed"
    echo "aloft: could not record the start-up cache (see $log); starting without it" >&2
  fi
}

# aloft_cli_aot_prepare ROOT SHORT_CLASSPATH sets ALOFT_CLI_AOT_OPTS for the CLI's fast route (./aloft asking a
# running daemon, io.aloft.runtime.cli.DaemonClient): a small cache of its own (about 15 MB), since the daemon's
# holds GraalPy's classes and the JVM loads every class of a cache at start (0.25 s of CPU here for a command
# that needs 1,100 classes). Recorded in about 2 s by io.aloft.runtime.cli.CliClientTraining when missing or stale.
aloft_cli_aot_prepare() {
  local root="$1" cp="$2" target="$1/runtime/target"
  ALOFT_CLI_AOT_OPTS=()
  [ "${ALOFT_AOT:-on}" != off ] && [ "${ALOFT_JAVA_MAJOR:-0}" -ge 25 ] || return 0
  local cache="$target/aloft-cli.aot" key
  key="$( { echo "$JAVA_HOME ${ALOFT_JVM_OPTS[*]} ${ALOFT_JAVA_OPTS:-} $cp"
            stat -c '%n %s %Y' "$JAVA_HOME/lib/modules" ${cp//:/ }; } 2>/dev/null | cksum)"
  if [ -f "$cache" ] && [ -f "$cache.key" ] && [ "$(<"$cache.key")" = "$key" ]; then
    ALOFT_CLI_AOT_OPTS=(-XX:AOTCache="$cache")
    return 0
  fi
  [ "$(cat "$cache.failed" 2>/dev/null)" = "$key" ] && return 0
  local tmp="$cache.$$.tmp"
  rm -f "$cache" "$cache.key" "$cache.failed"
  if "$JAVA_HOME/bin/java" "${ALOFT_JVM_OPTS[@]}" ${ALOFT_JAVA_OPTS:-} -XX:AOTCacheOutput="$tmp" -cp "$cp" \
      io.aloft.runtime.cli.CliClientTraining >"$target/aot-cli-training.log" 2>&1 && [ -s "$tmp" ]; then
    mv -f "$tmp" "$cache"
    echo "$key" >"$cache.key"
    ALOFT_CLI_AOT_OPTS=(-XX:AOTCache="$cache")
  else
    rm -f "$tmp" "$tmp.config"
    echo "$key" >"$cache.failed"
  fi
}
