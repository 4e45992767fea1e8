#!/usr/bin/env bash
# Set up, then start the dashboard on the embedded DuckDB default (or $LIVELIHOOD_DB).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export LIVELIHOOD_DB="${LIVELIHOOD_DB:-data/tracker.duckdb}"
.venv/bin/python -m targets init
exec .venv/bin/streamlit run app.py --server.headless true --browser.gatherUsageStats false "$@"
