#!/usr/bin/env bash
# Set up, then start the dashboard on the embedded DuckDB default.
# Without LIVELIHOOD_DB it opens the demo database (synthetic figures, built on first run);
# LIVELIHOOD_DB=data/tracker.duckdb bash scripts/run.sh opens the real one.
# It listens on this machine only (127.0.0.1) unless told otherwise: LIVELIHOOD_ADDRESS=0.0.0.0 (or an
# interface's address), Streamlit's own STREAMLIT_SERVER_ADDRESS or server.address in .streamlit/config.toml,
# or --server.address passed to this script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${LIVELIHOOD_DB:-}" ]; then
  export LIVELIHOOD_DB=data/demo.duckdb
  [ -f "$LIVELIHOOD_DB" ] || .venv/bin/python -m targets --db "$LIVELIHOOD_DB" demo
fi
.venv/bin/python -m targets init
address=(--server.address "${LIVELIHOOD_ADDRESS:-${STREAMLIT_SERVER_ADDRESS:-127.0.0.1}}")
if [ -z "${LIVELIHOOD_ADDRESS:-}" ] && grep -Eq '^[[:space:]]*address[[:space:]]*=' .streamlit/config.toml 2>/dev/null; then
  address=()
fi
for arg in "$@"; do
  case "$arg" in --server.address | --server.address=*) address=() ;; esac
done
exec .venv/bin/streamlit run serve.py --server.headless true --browser.gatherUsageStats false "${address[@]}" "$@"
