#!/usr/bin/env bash
# Set up, then start the dashboard on the embedded DuckDB default.
# Without LIVELIHOOD_DB it opens the demo database (synthetic figures, built on first run);
# LIVELIHOOD_DB=data/tracker.duckdb bash scripts/run.sh opens the real one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${LIVELIHOOD_DB:-}" ]; then
  export LIVELIHOOD_DB=data/demo.duckdb
  [ -f "$LIVELIHOOD_DB" ] || .venv/bin/python -m targets --db "$LIVELIHOOD_DB" demo
fi
.venv/bin/python -m targets init
exec .venv/bin/streamlit run serve.py --server.headless true --browser.gatherUsageStats false "$@"
