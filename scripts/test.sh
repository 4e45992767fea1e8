#!/usr/bin/env bash
# Set up everything the tests need, then run the linter, the formatter check and the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
status=0
.venv/bin/python -m pytest "$@" || status=$?
# pytest's 5 means no test ran: that is a failure here, never a pass.
exit $status
