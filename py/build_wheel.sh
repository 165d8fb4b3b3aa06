#!/usr/bin/env bash
# Build the project's wheel ahead of the Python stages (`make py-wheel`): make test starts
# it in the background while single-threaded stages (valgrind, QEMU) leave a core idle, so
# that `pip install ./py` in test-py, test-agreement, test-omop and test-arrow finds the
# crates compiled (the same build in the same target directory, POH_WHEEL_TARGET) and only
# packages. Writes the wheel under <cargo target dir>/py/wheelhouse; installs nothing.
# Prints `N passed, M failed` last (one step).
set -uo pipefail

# shellcheck source=../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/sh/harness.sh"
if [ ! -x "$POH_PY" ]; then
  fail "no virtualenv at $POH_VENV (run \`make setup\`)"
  finish
fi
out="$POH_TARGET/py/wheelhouse"
mkdir -p "$out"
if CARGO_TARGET_DIR="$POH_WHEEL_TARGET" "$POH_PY" -m pip wheel -q --disable-pip-version-check \
  --no-deps -w "$out" "$POH_ROOT/py"; then
  pass "wheel built in $POH_WHEEL_TARGET ($(basename "$(ls -t "$out"/*.whl | head -n 1)"))"
else
  fail "pip wheel ./py"
fi
finish
