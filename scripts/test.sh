#!/usr/bin/env bash
# Runs all tests: unit, AppTest and real-browser (Playwright driving Debian's Chromium).
# Two pytest-xdist workers: the browser tests wait on a server and a browser most of the time,
# so one worker runs them in turn while the other runs the unit and AppTests (tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
