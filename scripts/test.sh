#!/usr/bin/env bash
# Set up everything the tests need, then run the linter, the formatter check and the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
status=0
# Two workers on the two cores (pytest-xdist): each test's store, server and PostgreSQL cluster are its own;
# loadscope sends a module's tests to one worker, so a module-scoped server or database is built once; in
# collection order (browser and store modules before the many short unit modules), so no long module comes last.
.venv/bin/python -m pytest -n 2 --dist loadscope --no-loadscope-reorder --durations=15 "$@" || status=$?
# pytest's 5 means no test ran: that is a failure here, never a pass.
exit $status
