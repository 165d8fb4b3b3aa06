#!/usr/bin/env bash
# Checks of the Arrow batch path and the Spark screen, called by `make test-arrow` (works
# from anywhere). Steps, each fatal on failure, nothing skipped:
#   1. the virtualenv .venv-arrow (created by `make setup`; created here if absent) with
#      py/requirements-arrow.txt (pyarrow, DuckDB, pyspark, pandas < 3)
#   2. `pip install ./py` into it (the default build, with the cargo feature `arrow`)
#   3. the binding without the feature still builds and is clippy-clean
#   4. pytest py/tests_arrow: parity with evaluate_many on 100,000 generated rows, every
#      Arrow layout and producer, schema errors, streaming and memory, the GIL, and
#      poh.spark.screen on Spark local[2] (Java 17, loopback only)
set -euo pipefail

# shellcheck source=../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/sh/harness.sh" # POH_ROOT, pip_install_poh

ROOT="$POH_ROOT"
cd "$ROOT"
VENV="$ROOT/.venv-arrow"
PY="$VENV/bin/python"

step() { printf '\n== arrow: %s\n' "$*"; }

if [ ! -x "$PY" ]; then
    step "creating $VENV"
    python3 -m venv "$VENV"
fi
step "requirements (py/requirements-arrow.txt)"
"$PY" -m pip install -q --disable-pip-version-check -r py/requirements-arrow.txt

step "pip install ./py into $VENV"
pip_install_poh "$PY"

step "cargo clippy -p poh-py --no-default-features (the slim build, without Arrow)"
cargo clippy -q -p poh-py --no-default-features --all-targets -- -D warnings

step "pytest py/tests_arrow"
command -v java >/dev/null || { echo "java not found: run make setup (openjdk-17-jre-headless)"; exit 1; }
export SPARK_LOCAL_IP=127.0.0.1
export PYSPARK_PYTHON="$PY"
export PYSPARK_DRIVER_PYTHON="$PY"
mkdir -p target/arrow
cd target/arrow
"$PY" -m pytest -c "$ROOT/py/pyproject.toml" --rootdir "$ROOT/py" -W error \
    -p no:cacheprovider "$ROOT/py/tests_arrow"
