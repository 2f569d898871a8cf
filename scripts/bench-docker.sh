#!/usr/bin/env bash
# Docker task speed against the Docker CLI, side by side (io.aloft.plugins.docker.DockerBenchmark).
# Needs a running dockerd and the images of scripts/build-images.sh. Extra arguments go to the JVM
# (e.g. -Drounds=41 -Dimage=aloft/python:bookworm).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -pl plugins/docker -am test-compile -DskipTests
mvn -B -q -pl plugins/docker dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="sdk/target/classes:plugins/docker/target/classes:plugins/docker/target/test-classes:$(cat plugins/docker/target/bench.classpath)"
exec java "$@" -cp "$cp" io.aloft.plugins.docker.DockerBenchmark
