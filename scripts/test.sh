#!/usr/bin/env bash
# Runs all tests: unit, AppTest and real-browser (Playwright driving Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
exec .venv/bin/python -m pytest "$@"
