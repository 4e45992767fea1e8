#!/usr/bin/env bash
# Set up everything the tracker needs on a fresh Debian machine with Python 3.11.
#   scripts/setup.sh           runtime: Python packages in .venv, Chromium + CJK fonts for chart images
#   scripts/setup.sh --dev     plus the test tools and what the tests need (pdftotext, PostgreSQL)
# Idempotent and quick when nothing changed. System packages need root (or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

apt_packages=(chromium fonts-noto-cjk fonts-noto-color-emoji)
# WeasyPrint (the PDF briefing) loads Pango and HarfBuzz through cffi.
apt_packages+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
# The tests start a throwaway PostgreSQL cluster of their own (tests/postgres_cluster.py) with Debian's
# initdb and pg_ctl; the package's own main cluster is not used.
[ $dev = 1 ] && apt_packages+=(poppler-utils postgresql)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
python_bin=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    python_bin=$(command -v "$candidate"); break
  fi
done
if [ -z "$python_bin" ]; then
  missing+=(python3 python3-venv)
elif ! "$python_bin" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -n "$python_bin" ] || python_bin=$(command -v python3.11 || command -v python3)
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $python_bin" >&2
  "$python_bin" -m venv .venv
fi

req=requirements.txt
[ $dev = 1 ] && req=requirements-dev.txt
stamp=".venv/.installed-$(cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)-$dev"
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages from $req" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
