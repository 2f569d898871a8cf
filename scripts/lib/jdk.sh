# Finds a JDK >= 21 (GraalPy needs it): JAVA_HOME first, then Debian's JVM directory.
# Sourced by ./aloft and ./run-tests; sets JAVA_HOME and exports it.

_aloft_java_major() {
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
# Serial GC and a modest heap keep the resident memory of a small daemon low; ALOFT_JAVA_OPTS adds to them.
ALOFT_JVM_OPTS=(-XX:+UseSerialGC -Xms64m -Xmx320m -XX:ReservedCodeCacheSize=64m -Xss4m
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -Dpolyglot.engine.WarnInterpreterOnly=false)
