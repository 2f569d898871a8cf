#!/usr/bin/env bash
# Docker task speed against the Docker CLI, side by side (io.aloft.plugins.docker.DockerBenchmark, a test-scope
# program of the Docker plugin). Needs a running dockerd and the images of scripts/build-images.sh.
# Extra arguments go to the JVM, e.g. scripts/bench-docker.sh -Drounds=41 -Dimage=aloft/python:bookworm;
# -Dphases=true adds io.aloft.plugins.docker.DockerPhases: one container's time, phase by phase;
# -Dswarm=true adds one DockerSwarmOperator task against docker run --rm (-Dswarm=only runs just that; it makes
# the local engine a single-node swarm manager if it is not one).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/lib/jdk.sh; aloft_find_jdk
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
# One reactor run, so that the SDK resolves to sdk/target/classes (it is never installed in ~/.m2).
mvn -B -q -pl plugins/docker -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="plugins/docker/target/classes:plugins/docker/target/test-classes:$(cat plugins/docker/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow "$@" -cp "$cp" io.aloft.plugins.docker.DockerBenchmark
