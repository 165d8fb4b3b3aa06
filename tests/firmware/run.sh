#!/usr/bin/env bash
# tests/firmware/run.sh [--write]: the firmware test, run by `make test` from any directory:
#   1. builds poh-core for riscv32imac-unknown-none-elf (a third instruction set);
#   2. builds the firmware for the Cortex-M4F (thumbv7em-none-eabihf, QEMU mps2-an386) and
#      the Cortex-M0 (thumbv6m-none-eabi, QEMU microbit), release, --remap-path-prefix;
#   3. runs both under qemu-system-arm with semihosting: every golden case is evaluated on
#      the device and its assessment JSON printed; the image exits non-zero on any failure;
#   4. compares each case's JSON with the host CLI's (`poh --json`), byte for byte;
#   5. measures flash, static RAM, stack high-water and instructions per evaluation and
#      checks the budgets, never exact figures (tests/firmware/footprint.py): Cortex-M0
#      product flash <= 96 KiB and stack <= 8 KiB; on both boards the image fits the
#      board's flash and static RAM + stack high-water its RAM (microbit 256 KiB / 16 KiB,
#      mps2-an386 256 KiB / 64 KiB); no heap anywhere.
# By default the measured figures go to <firmware target dir>/FOOTPRINT.md and nothing in
# the work tree is written. `--write` (what `make bench` runs) writes them to
# tests/firmware/FOOTPRINT.md and the README's footprint block instead.
# Prints `N passed, M failed` last; exit status 1 on any failure or budget overrun.
set -uo pipefail

write=0
case "${1:-}" in
    "") ;;
    --write) write=1 ;;
    *) echo "usage: tests/firmware/run.sh [--write]" >&2; exit 2 ;;
esac
# shellcheck source=../../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/sh/harness.sh"
repo="$POH_ROOT"
here="$repo/tests/firmware"
cd "$repo"

# --- host tools (installed by `make setup`) ---
require_tools qemu-system-arm arm-none-eabi-nm arm-none-eabi-readelf python3
[ "$failed" -eq 0 ] || finish
installed="$(rustup target list --installed 2>/dev/null)"
for t in thumbv7em-none-eabihf thumbv6m-none-eabi riscv32imac-unknown-none-elf; do
    grep -qx "$t" <<<"$installed" ||
        { fail "rust target $t is not installed (run \`make setup\`)"; finish; }
done

# Panic locations embed source paths; remap them so that sizes do not depend on where the
# cargo home or the checkout is.
# Only the firmware builds get these flags (the host workspace's cache stays valid).
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
fw_rustflags="--remap-path-prefix=$cargo_home=/cargo --remap-path-prefix=$repo=/poh"

# --- 1. riscv32imac: the core builds for a third instruction set ---
if cargo build -q --release -p poh-core --no-default-features --target riscv32imac-unknown-none-elf; then
    pass "poh-core builds for riscv32imac-unknown-none-elf (no_std, no default features)"
else
    fail "poh-core does not build for riscv32imac-unknown-none-elf"
fi

# --- 2. firmware images ---
fw_target_dir="$(cargo_target_dir "$here")" || { fail "cargo metadata found no target directory for $here"; finish; }
declare -A board=(
    [thumbv7em-none-eabihf]="-machine mps2-an386 -cpu cortex-m4"
    [thumbv6m-none-eabi]="-machine microbit -cpu cortex-m0"
)
targets=(thumbv7em-none-eabihf thumbv6m-none-eabi)
logs=()
images=()
for t in "${targets[@]}"; do
    elf="$fw_target_dir/$t/release/poh-firmware"
    log="$fw_target_dir/$t/release/poh-firmware.log"
    if ! (cd "$here" && RUSTFLAGS="$fw_rustflags" cargo build -q --release --target "$t"); then
        fail "firmware does not build for $t"
        continue
    fi
    # --- 3. run under QEMU (deterministic instruction clock for the SysTick counts) ---
    # shellcheck disable=SC2086
    timeout 300 qemu-system-arm ${board[$t]} -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native -icount shift=0,align=off,sleep=off \
        -kernel "$elf" >"$log" 2>"$log.stderr"
    rc=$?
    if [ "$rc" -eq 0 ]; then
        pass "firmware $t ran under QEMU and exited 0 ($(grep -m1 '^## cases' "$log" | cut -c4-))"
    else
        fail "firmware $t exited $rc under QEMU; see $log and $log.stderr"
        grep '^## \(error\|panic\)' "$log" | sed 's/^/     /'
    fi
    logs+=("$t=$log")
    images+=("$t=$elf=$log")
done

# --- 4. byte-for-byte comparison with the host ---
if [ "${#logs[@]}" -gt 0 ]; then
    host_target_dir="$POH_TARGET"
    if cargo build -q -p poh-cli; then
        out="$(python3 "$here/compare.py" "$host_target_dir/debug/poh" "$repo/tests/cases" "${logs[@]}")"
        rc=$?
        echo "$out" | grep -v 'passed, [0-9]* failed$' || true
        summary="$(echo "$out" | tail -n1)"
        n_ok="$(sed -n 's/.* \([0-9]*\) passed.*/\1/p' <<<"$summary")"
        n_bad="$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$summary")"
        passed=$((passed + ${n_ok:-0}))
        failed=$((failed + ${n_bad:-0}))
        echo "     $summary"
        if [ "$rc" -ne 0 ] && [ "${n_bad:-0}" -eq 0 ]; then fail "compare.py exited $rc"; fi
    else
        fail "host CLI does not build"
    fi
fi

# --- 5. footprint and budgets ---
if [ "${#images[@]}" -eq "${#targets[@]}" ]; then
    if [ "$write" -eq 1 ]; then
        # What was measured: the commit, and whether the core had uncommitted changes.
        source_note="${POH_FOOTPRINT_SOURCE:-$(git rev-parse --short HEAD 2>/dev/null || echo 'unknown revision')$(git diff --quiet HEAD -- core 2>/dev/null || echo ' + uncommitted changes in core/')}"
        footprint="$here/FOOTPRINT.md"
        written=(--readme "$repo/README.md")
    else
        source_note="a \`make test\` run (figures not committed)"
        footprint="$fw_target_dir/FOOTPRINT.md"
        written=()
    fi
    if python3 "$here/footprint.py" --out "$footprint" --source "$source_note" "${written[@]}" \
        --command "make bench   # runs tests/firmware/run.sh --write" "${images[@]}" >/dev/null; then
        pass "budgets (Cortex-M0 flash <= 96 KiB, stack <= 8 KiB; each image fits its board's flash and RAM; no heap); figures in $footprint"
    else
        fail "budget overrun or missing figure; figures in $footprint"
    fi
else
    fail "footprint not measured: not every image was built and run"
fi

finish
