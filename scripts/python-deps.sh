#!/usr/bin/env bash
# Copies the third-party Python packages that Aloft's Python package serves to DAG files (dateutil and the
# six it needs) from the system's Debian packages into the build output, with their copyright files.
# The repository ships only code written for Aloft; these come from the package manager at build time.
# Run by the sdk module's build (process-resources); by hand: scripts/python-deps.sh <output python folder>
#
# Needs: python3-dateutil and python3-six (installed with apt-get when missing and run as root).
set -euo pipefail

out="${1:?usage: python-deps.sh <output folder, e.g. sdk/target/classes/python>}"
dist=/usr/lib/python3/dist-packages
packages=(python3-dateutil python3-six)

present() { [ -f "$dist/dateutil/__init__.py" ] && [ -f "$dist/six.py" ]; }

if ! present && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "python-deps: installing ${packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${packages[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null; }
fi
if ! present; then
  echo "python-deps: $dist/dateutil or $dist/six.py is missing: Aloft's build takes them from Debian's" \
    "packages. Install them: sudo apt-get install ${packages[*]}" >&2
  exit 1
fi

mkdir -p "$out/LICENSES"
rm -rf "$out/dateutil"
# Without bytecode caches: GraalPy writes its own, and CPython's would only go stale.
(cd "$dist" && find dateutil -name '__pycache__' -prune -o -type f -print | while read -r f; do
  mkdir -p "$out/$(dirname "$f")" && cp "$f" "$out/$f"
done)
cp "$dist/six.py" "$out/six.py"
for p in "${packages[@]}"; do
  name="${p#python3-}"
  if [ -f "/usr/share/doc/$p/copyright" ]; then
    cp "/usr/share/doc/$p/copyright" "$out/LICENSES/$name.copyright"
  fi
done
