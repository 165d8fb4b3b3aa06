#!/usr/bin/env bash
# Checks of the Python binding, called by `make test` from the repository root (works
# from anywhere). Steps, each counted, nothing skipped:
#   1. the virtualenv .venv with py/requirements-dev.txt (`make setup` creates it; this
#      script installs nothing but the project's own wheel)
#   2. `pip install ./py`: builds the abi3 wheel with maturin and installs it
#   3. mypy.stubtest: the hand-written py/python/poh/_core.pyi against the built module
#      (no allowlist: every runtime name is in the stub and every stub name at run time)
#   4. mypy --strict over the pure-Python package
#   5. pytest, warnings as errors (py/pyproject.toml), with its normal summary
#   5. pytest includes py/tests/test_readme.py: the code blocks of README.md and
#      py/README.md run and print what they claim (the console blocks with the built poh)
#   6. the example notebook py/examples/cohort.ipynb, executed with nbclient
#      (py/examples/run_notebook.py) in the repository and outside it
# Outputs (caches, the executed notebook) go under <cargo target dir>/py. Prints
# `N passed, M failed` last; exits 1 on any failure.
# Environment: POH_CLI=<path of a built `poh` binary> makes the golden tests use it
# instead of `cargo run -p poh-cli`.
set -uo pipefail

# shellcheck source=../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/sh/harness.sh"
ROOT="$POH_ROOT"
cd "$ROOT"
PY="$POH_PY"
work="$POH_TARGET/py"
mkdir -p "$work"
# mypy and pytest keep their caches out of the work tree.
export MYPY_CACHE_DIR="$work/mypy_cache"

step() { printf '\n== py: %s\n' "$*"; }
# run NAME CMD...: a counted step whose output is shown as it runs.
run() {
  local name="$1"
  shift
  step "$name"
  if "$@"; then pass "$name"; else fail "$name"; fi
}

if [ ! -x "$PY" ]; then
  fail "no virtualenv at $POH_VENV (run \`make setup\`)"
  finish
fi
"$PY" -c 'import maturin, pytest, mypy, nbclient, nbformat' 2>/dev/null ||
  { fail "$POH_VENV lacks py/requirements-dev.txt (run \`make setup\`)"; finish; }

run "pip install ./py (abi3 wheel via maturin)" pip_install_poh "$PY"
[ "$failed" -eq 0 ] || finish

# Run the checks from outside py/ so that `poh` is always the installed package.
run "stubtest poh._core" bash -c 'cd "$1" && "$2" -m mypy.stubtest poh._core' _ "$work" "$PY"
run "mypy --strict py/python/poh" "$PY" -m mypy --strict --no-incremental py/python/poh
run "pytest" "$PY" -m pytest -c py/pyproject.toml --rootdir py -o cache_dir="$work/pytest_cache" -W error py/tests

# The notebook from its own directory (as Jupyter runs it: the golden cases) and from a
# directory outside the repository (its own small cohort): it must run from anywhere.
outside="$(mktemp -d)"
trap 'rm -rf "$outside"' EXIT
run "notebook py/examples/cohort.ipynb (in the repository)" \
  "$PY" py/examples/run_notebook.py --out "$work/cohort.executed.ipynb"
run "notebook py/examples/cohort.ipynb (outside the repository)" \
  "$PY" py/examples/run_notebook.py --out "$work/cohort.outside.ipynb" --cwd "$outside"


finish
