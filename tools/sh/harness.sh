# tools/sh/harness.sh: what every test script of poh shares (sourced, never run).
#
#   source "$(dirname "${BASH_SOURCE[0]}")/../tools/sh/harness.sh"
#
# Paths, found one way:
#   POH_ROOT      the repository root
#   POH_TARGET    the host workspace's cargo target directory (`cargo metadata`, so it
#                 honours CARGO_TARGET_DIR and any .cargo/config.toml); every test output
#                 goes under it, never into the work tree
#   POH_VENV      the Python virtualenv of the repository (.venv, created by `make setup`)
#   POH_PY        its interpreter
#   POH_WHEEL_TARGET  the cargo target directory of the Python wheel builds
#   pip_install_poh PY    build and install the project's wheel into PY's virtualenv
#   cargo_target_dir DIR   the target directory of the cargo workspace at DIR (the firmware
#                 and fuzz crates are workspaces of their own)
# Counting, with one closing line:
#   pass NAME / fail NAME        count and print `ok   NAME` / `FAIL NAME`
#   check NAME CMD...            run CMD (its output shown only on failure)
#   add_counts NAME LOG STATUS   fold a sub-run's `N passed, M failed` line into the counts
#   require_tools TOOL...        fail (pointing to `make setup`) for each tool not on PATH
#   finish                       print `N passed, M failed` and exit 1 on any failure
# Installers live in `make setup` only: a test script reports what is missing, it never
# installs it.

POH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

cargo_target_dir() {
  (cd "$1" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
}

POH_TARGET="$(cargo_target_dir "$POH_ROOT")" || POH_TARGET=""
if [ -z "$POH_TARGET" ]; then
  echo "FAIL cargo metadata found no target directory for $POH_ROOT" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
POH_VENV="$POH_ROOT/.venv"
POH_PY="$POH_VENV/bin/python"
# The Python wheel's own cargo target directory (pip install ./py, make py-wheel): a wheel
# build never waits for the workspace's target-directory lock nor holds it, so the wheel
# can compile in the background beside the other stages (make test's bg:py-wheel); a
# pip install that starts while it runs waits for it and then only packages.
POH_WHEEL_TARGET="$POH_TARGET/wheel-target"
# The scratch file of `check`; a script may point it elsewhere once its work dir exists.
POH_CHECK_LOG="$POH_TARGET/harness-check.log"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

check() {
  local name="$1"
  shift
  mkdir -p "$(dirname "$POH_CHECK_LOG")"
  if "$@" >"$POH_CHECK_LOG" 2>&1; then
    pass "$name"
  else
    fail "$name"
    sed 's/^/     /' "$POH_CHECK_LOG" | tail -n 40
  fi
}

# pip_install_poh PY: build the project's wheel (incrementally, in POH_WHEEL_TARGET) and
# install it into PY's virtualenv.
pip_install_poh() {
  CARGO_TARGET_DIR="$POH_WHEEL_TARGET" "$1" -m pip install -q --disable-pip-version-check \
    --force-reinstall --no-deps "$POH_ROOT/py"
}

add_counts() {
  local name="$1" log="$2" status="$3" line p f
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)"
  if [ -z "$line" ]; then
    fail "$name (no summary line; exit $status)"
    tail -n 40 "$log" | sed 's/^/     /'
    return
  fi
  p="${line%% passed*}"
  f="${line#*, }"
  f="${f%% failed}"
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$status" -eq 0 ] && [ "$f" -eq 0 ]; then
    echo "ok   $name: $line"
  else
    # A non-zero exit without a counted failure (a crash after the summary) still fails.
    [ "$f" -gt 0 ] || failed=$((failed + 1))
    echo "FAIL $name: $line (exit $status)"
    grep -v -E '^[0-9]+ passed' "$log" | tail -n 40 | sed 's/^/     /'
  fi
}

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || fail "required tool $tool is missing (run \`make setup\`)"
  done
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}
