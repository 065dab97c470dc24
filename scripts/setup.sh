#!/usr/bin/env bash
# Installs what the dashboard needs on a fresh machine: a .venv with the pip requirements,
# the browser assets from the npm registry (served by the app itself, never from a CDN),
# and, with --browser, Debian's Chromium and HAProxy for the browser tests. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! cmp -s requirements.txt .venv/.requirements-installed 2>/dev/null; then
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  cp requirements.txt .venv/.requirements-installed
fi

if ! cmp -s package-lock.json node_modules/.package-lock-installed 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.package-lock-installed
fi
bash scripts/vendor.sh

# --browser: Chromium for the browser tests, HAProxy for the deploy test (deploy/run.sh),
# poppler-utils (pdftoppm) to render the PDFs' pages.
if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/sbin/haproxy ] || [ ! -x /usr/bin/pdftoppm ]; }; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium fonts-dejavu-core haproxy poppler-utils >/dev/null
fi
