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
