#!/usr/bin/env bash
# tools/sh/setup.sh: everything a fresh Debian machine with rustup and python3 needs
# (`make setup` runs it; the only place that installs anything: test scripts report what
# is missing, they never install it). Idempotent, and quick when all is installed.
#
#   the pinned toolchain and targets (rust-toolchain.toml); the dated nightly with Miri
#   and rust-src (tests/miri.sh, fuzz/run.sh); apt packages (compilers, valgrind, QEMU and
#   the Arm cross-compiler and newlib, chromium, Java 17, wrk, curl); cbindgen and cargo-fuzz; the
#   virtualenvs .venv (py/requirements-dev.txt) and .venv-arrow (py/requirements-arrow.txt)
#
# Time: on a fresh 2-core machine most of setup is waiting, for downloads (toolchains,
# apt, wheels) or for the compiler (cbindgen and cargo-fuzz from crates.io). So the two
# cargo installs build in the background while the downloads run, and both are built
# without optimisation (`cargo install --debug`): they run for seconds, and an optimised
# build of their ~150 crates took minutes of the CI budget. Each step prints its time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

NIGHTLY="${NIGHTLY:-nightly-2026-05-20}"
CBINDGEN_VERSION="${CBINDGEN_VERSION:-0.29}"
PYTHON="${PYTHON:-python3}"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"
logs="${CARGO_TARGET_DIR:-target}/setup"
mkdir -p "$logs"

t0=$(date +%s)
step() { echo "setup: $* ($(($(date +%s) - t0)) s)"; }

# ---- the pinned toolchain (rust-toolchain.toml), needed by everything below ------------
rustup toolchain install --no-self-update >"$logs/rustup.log" 2>&1 || { cat "$logs/rustup.log"; exit 1; }
step "toolchain $(rustc --version)"

# ---- cbindgen and cargo-fuzz: compiled in the background -------------------------------
tools_pid=""
need_tools=0
cbindgen --version 2>/dev/null | grep -q "^cbindgen $CBINDGEN_VERSION\." || need_tools=1
cargo fuzz --version >/dev/null 2>&1 || need_tools=1
if [ "$need_tools" -eq 1 ]; then
  (
    cbindgen --version 2>/dev/null | grep -q "^cbindgen $CBINDGEN_VERSION\." ||
      cargo install -q --debug --locked cbindgen --version "~$CBINDGEN_VERSION"
    cargo fuzz --version >/dev/null 2>&1 || cargo install -q --debug --locked cargo-fuzz
  ) >"$logs/cargo-install.log" 2>&1 &
  tools_pid=$!
  step "cbindgen and cargo-fuzz: building in the background (log: $logs/cargo-install.log)"
fi

# ---- apt packages ------------------------------------------------------------------------
missing=""
for p in gcc g++ pkg-config valgrind qemu-system-arm arm-none-eabi-size arm-none-eabi-nm \
  arm-none-eabi-readelf arm-none-eabi-gcc chromium openssl wrk curl java; do
  command -v "$p" >/dev/null || missing="$missing $p"
done
# newlib-nano for the C firmware (examples/kiosk, tests/firmware/c).
[ -f /usr/lib/arm-none-eabi/newlib/thumb/v6-m/nofp/libc_nano.a ] || missing="$missing libnewlib-arm-none-eabi"
if [ -n "$missing" ]; then
  echo "setup: installing apt packages for:$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    gcc g++ pkg-config valgrind qemu-system-arm binutils-arm-none-eabi gcc-arm-none-eabi \
    libnewlib-arm-none-eabi python3-venv \
    chromium fonts-dejavu-core openssl ca-certificates wrk curl openjdk-17-jre-headless \
    >"$logs/apt.log" 2>&1 || { tail -n 40 "$logs/apt.log"; exit 1; }
  step "apt packages installed"
fi

# ---- the dated nightly for Miri and cargo-fuzz ------------------------------------------
if ! rustup run "$NIGHTLY" cargo miri --version >/dev/null 2>&1; then
  rustup toolchain install --no-self-update "$NIGHTLY" --profile minimal \
    --component miri,rust-src,llvm-tools >"$logs/nightly.log" 2>&1 || { cat "$logs/nightly.log"; exit 1; }
  step "toolchain $NIGHTLY with miri installed"
fi

# ---- the virtualenvs, side by side ---------------------------------------------------------
venv() { # DIR REQUIREMENTS
  [ -x "$1/bin/python" ] || "$PYTHON" -m venv "$1"
  "$1/bin/python" -m pip install -q --disable-pip-version-check -r "$2"
}
venv .venv py/requirements-dev.txt >"$logs/venv.log" 2>&1 &
venv_pid=$!
venv .venv-arrow py/requirements-arrow.txt >"$logs/venv-arrow.log" 2>&1 &
arrow_pid=$!
rc=0
wait "$venv_pid" || { echo "setup: .venv failed:"; tail -n 40 "$logs/venv.log"; rc=1; }
wait "$arrow_pid" || { echo "setup: .venv-arrow failed:"; tail -n 40 "$logs/venv-arrow.log"; rc=1; }
[ "$rc" -eq 0 ] && step "virtualenvs .venv and .venv-arrow ready"

# ---- wait for the background builds ----------------------------------------------------------
if [ -n "$tools_pid" ]; then
  if wait "$tools_pid"; then
    step "cbindgen and cargo-fuzz installed"
  else
    echo "setup: cargo install failed:"
    tail -n 40 "$logs/cargo-install.log"
    rc=1
  fi
fi
[ "$rc" -eq 0 ] && step "done"
exit "$rc"
