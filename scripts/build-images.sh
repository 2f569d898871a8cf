#!/usr/bin/env bash
# Builds the local images that Aloft's tests and demo DAGs use. Nothing can be pulled on the build
# machines, so every image is made from Debian packages already on the host and `docker import`ed.
# Idempotent: an image that already exists is left alone (pass --force to rebuild).
#
#   aloft/busybox:latest   busybox-static as a ~2 MB rootfs (sh, echo, sleep, true, ...)
#   aloft/python:bookworm  a minimal Debian bookworm with python3 (mmdebstrap --variant=minbase)
#
# Needs: a running Docker engine; busybox-static and mmdebstrap (installed with apt-get when missing).
set -euo pipefail

force=0
[[ "${1:-}" == "--force" ]] && force=1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! docker info >/dev/null 2>&1; then
  echo "build-images: Docker is not reachable: start dockerd (e.g. 'nohup dockerd >/tmp/dockerd.log 2>&1 &') or set DOCKER_HOST" >&2
  exit 1
fi

apt_install() {
  echo "build-images: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; }
}

need_pkg() { # command package
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

is_static() { ! ldd "$1" >/dev/null 2>&1; }

present() { [[ $force == 0 ]] && docker image inspect "$1" >/dev/null 2>&1; }

build_busybox() {
  local tag=aloft/busybox:latest
  if present "$tag"; then echo "build-images: $tag present"; return; fi
  # The image has no libc: it needs Debian's static busybox, not the dynamically linked one.
  local bb; bb="$(command -v busybox || true)"
  if [[ -z "$bb" ]] || ! is_static "$bb"; then
    apt_install busybox-static
    bb=/bin/busybox
  fi
  "$here/images/busybox-rootfs.sh" "$bb" | docker import \
      --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin:/usr/bin:/sbin:/usr/sbin' - "$tag" >/dev/null
  echo "build-images: built $tag"
}

build_python() {
  local tag=aloft/python:bookworm
  if present "$tag"; then echo "build-images: $tag present"; return; fi
  need_pkg mmdebstrap mmdebstrap
  mmdebstrap --quiet --variant=minbase --include=python3 bookworm - \
    | docker import --change 'CMD ["/usr/bin/python3"]' \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$tag" >/dev/null
  echo "build-images: built $tag"
}

build_busybox
build_python
# The NLP trainer image of the GraphGrid plugin, on top of aloft/python (skipped when its sources did not change).
"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/plugins/graphgrid/trainer/build-image.sh"
