#!/usr/bin/env bash
# Builds aloft/nlp-trainer:latest, the image train_model_cpu / train_model_gpu run, from this directory.
# Idempotent: the image carries a hash of the trainer's sources and is rebuilt only when they change
# (or with --force). The base, aloft/python:bookworm, is made when missing: pulled from a registry when
# one is reachable, else bootstrapped from Debian packages with mmdebstrap and `docker import`ed.
#
#   plugins/graphgrid/trainer/build-image.sh [--force]
#
# Environment: ALOFT_TRAINER_IMAGE (default aloft/nlp-trainer:latest), ALOFT_PYTHON_BASE
# (default aloft/python:bookworm), DOCKER_HOST as for the docker CLI.
set -euo pipefail

image="${ALOFT_TRAINER_IMAGE:-aloft/nlp-trainer:latest}"
base="${ALOFT_PYTHON_BASE:-aloft/python:bookworm}"
force=0
[[ "${1:-}" == "--force" ]] && force=1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { echo "build-image: $*"; }

if ! docker info >/dev/null 2>&1; then
  say "Docker is not reachable: start it (sudo systemctl start docker, or dockerd &) or set DOCKER_HOST" >&2
  exit 1
fi

ensure_base() {
  if docker image inspect "$base" >/dev/null 2>&1; then return; fi
  say "base $base missing"
  if timeout 60 docker pull -q python:3.11-slim-bookworm >/dev/null 2>&1; then
    docker tag python:3.11-slim-bookworm "$base"
    say "base $base tagged from the registry's python:3.11-slim-bookworm"
    return
  fi
  say "no registry reachable: bootstrapping $base from Debian packages (mmdebstrap, a few minutes)"
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap >/dev/null
  fi
  mmdebstrap --quiet --variant=minbase --include=python3 bookworm - \
    | docker import --change 'CMD ["/usr/bin/python3"]' \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$base" >/dev/null
  say "base $base built"
}

hash="$(cd "$here" && find Dockerfile aloft_trainer -type f -name '*.py' -o -type f -name Dockerfile \
  | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
current="$(docker image inspect -f '{{ index .Config.Labels "io.aloft.trainer.source-hash" }}' "$image" 2>/dev/null || true)"
if [[ $force == 0 && "$current" == "$hash" ]]; then
  say "$image is up to date (sources $hash)"
  exit 0
fi

ensure_base
started=$(date +%s)
# The classic builder: it needs no buildx plugin and no registry access for a local base.
if ! output="$(DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$base" --build-arg "SOURCE_HASH=$hash" \
    -t "$image" "$here" 2>&1)"; then
  echo "$output" >&2
  say "building $image failed" >&2
  exit 1
fi
say "built $image from $base (sources $hash) in $(( $(date +%s) - started ))s"
