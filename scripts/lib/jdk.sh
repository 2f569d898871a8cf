# Finds a JDK >= 21 (GraalPy needs it): JAVA_HOME first, then Debian's JVM directory.
# Sourced by ./aloft and ./run-tests; sets JAVA_HOME and exports it.

# A JDK's major version: from its `release` file when it has one (every JDK since 9 does), which costs no process —
# starting a JVM just to ask took 40-70 ms of every CLI call on an idle machine, far more under load.
_aloft_java_major() {
  local line v
  if [ -r "$1/release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*) v="${line#JAVA_VERSION=}"; v="${v//\"/}"; echo "${v%%.*}"; return 0 ;;
      esac
    done <"$1/release"
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

aloft_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-* /usr/lib/jvm/temurin-2[1-9]-jdk-* \
                   /usr/lib/jvm/java-2[1-9]-openjdk-* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(_aloft_java_major "$candidate")
    major=${major%%.*}
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      ALOFT_JAVA_MAJOR="$major"
      _aloft_jvm_opts
      return 0
    fi
  done
  cat >&2 <<'MSG'
aloft: no JDK 21 or newer found (GraalPy needs one).
  Looked at $JAVA_HOME and /usr/lib/jvm/*.
  Install one (for example Temurin 25, or `apt-get install openjdk-21-jdk` where available)
  and/or point JAVA_HOME at it.
MSG
  return 1
}

# The daemon's JVM options, shared by ./aloft and scripts/bench so that benchmarks measure what users run.
# Serial GC and a modest heap keep the resident memory of a small daemon low. C1 only (TieredStopAtLevel=1):
# on 2 cores C2 spent the first seconds compiling GraalPy's interpreter and ~170 MB of memory for about 1 ms
# per warm DAG parse (measured: cold start 8.5 -> 4.8 s, RSS 519 -> 345 MB, warm parse p50 8.7 -> 10 ms).
# ALOFT_JAVA_OPTS adds to them (e.g. -XX:TieredStopAtLevel=4 for full C2 on bigger machines).
_aloft_jvm_opts() {
  ALOFT_JVM_OPTS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms64m -Xmx320m -XX:MinHeapFreeRatio=10
    -XX:MaxHeapFreeRatio=30 -XX:ReservedCodeCacheSize=64m -Xss4m --enable-native-access=ALL-UNNAMED
    -Dpolyglot.engine.WarnInterpreterOnly=false)
  # JDK 23+ warns loudly about sun.misc.Unsafe (Truffle, Maven's Guava) unless told; older JDKs reject the flag.
  if [ "$ALOFT_JAVA_MAJOR" -ge 23 ]; then
    ALOFT_JVM_OPTS+=(--sun-misc-unsafe-memory-access=allow)
    export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
  fi
}

# Fewer glibc malloc arenas: the JVM's many threads otherwise keep tens of MB of native memory each way.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
