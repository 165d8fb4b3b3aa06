#!/usr/bin/env bash
# Checks of the Python binding, called by `make test` from the repository root (works
# from anywhere). Steps, each fatal on failure, nothing skipped:
#   1. a virtualenv at .venv (created if absent) with py/requirements-dev.txt
#   2. `pip install ./py`: builds the abi3 wheel with maturin and installs it
#   3. mypy.stubtest: the hand-written py/python/poh/_core.pyi against the built module
#      (no allowlist: every runtime name is in the stub and every stub name at run time)
#   4. mypy --strict over the pure-Python package
#   5. pytest, warnings as errors (py/pyproject.toml), with its normal summary
#   6. the example notebook py/examples/cohort.ipynb, executed with nbclient
# Environment: POH_CLI=<path of a built `poh` binary> makes the golden tests use it
# instead of `cargo run -p poh-cli`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

step() { printf '\n== py: %s\n' "$*"; }

if [ ! -x "$PY" ]; then
    step "creating $VENV"
    python3 -m venv "$VENV"
fi

step "dev requirements"
"$PY" -m pip install -q -r py/requirements-dev.txt

step "pip install ./py (abi3 wheel via maturin)"
"$PY" -m pip install -q --force-reinstall --no-deps ./py

# Run the checks from outside py/ so that `poh` is always the installed package.
step "stubtest poh._core"
(cd "$ROOT/target" 2>/dev/null || cd /tmp; "$PY" -m mypy.stubtest poh._core)

step "mypy --strict py/python/poh"
"$PY" -m mypy --strict --no-incremental py/python/poh

step "pytest"
"$PY" -m pytest -c py/pyproject.toml --rootdir py -W error py/tests

step "notebook py/examples/cohort.ipynb"
mkdir -p target/py
"$PY" - <<'EOF'
import sys
import nbformat
from nbclient import NotebookClient

path = "py/examples/cohort.ipynb"
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, timeout=300, kernel_name="python3",
                        resources={"metadata": {"path": "py/examples"}})
client.execute()  # raises CellExecutionError on the first failing cell
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
          if o.get("output_type") == "error"]
if errors:
    sys.exit(f"{path}: {len(errors)} cell(s) failed")
nbformat.write(nb, "target/py/cohort.executed.ipynb")
n = sum(1 for c in nb.cells if c.cell_type == "code")
print(f"{path}: {n} code cells executed, output in target/py/cohort.executed.ipynb")
EOF

step "ok"
