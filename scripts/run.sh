#!/usr/bin/env bash
# Runs the dashboard on the embedded default data (the DuckDB file is built on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py --server.port "${PORT:-8501}" "$@"
