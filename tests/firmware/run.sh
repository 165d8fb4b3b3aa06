#!/usr/bin/env bash
# Firmware test, run by `make test` from the repository root:
#   1. builds poh-core for riscv32imac-unknown-none-elf (a third instruction set);
#   2. builds the firmware for the Cortex-M4F (thumbv7em-none-eabihf, QEMU mps2-an386) and
#      the Cortex-M0 (thumbv6m-none-eabi, QEMU microbit), release, --remap-path-prefix;
#   3. runs both under qemu-system-arm with semihosting: every golden case is evaluated on
#      the device and its assessment JSON printed; the image exits non-zero on any failure;
#   4. compares each case's JSON with the host CLI's (`poh --json`), byte for byte;
#   5. measures flash, static RAM, stack high-water and instructions per evaluation, writes
#      tests/firmware/FOOTPRINT.md and checks the budgets (Cortex-M0: flash <= 96 KiB,
#      stack <= 8 KiB; no heap anywhere).
# Prints `N passed, M failed` last; exit status 1 on any failure or budget overrun.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# --- host tools ---
if ! command -v qemu-system-arm >/dev/null || ! command -v arm-none-eabi-nm >/dev/null; then
    echo "installing qemu-system-arm and binutils-arm-none-eabi"
    sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
    $sudo apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
            qemu-system-arm binutils-arm-none-eabi >/dev/null
fi
for tool in qemu-system-arm arm-none-eabi-nm arm-none-eabi-readelf python3; do
    command -v "$tool" >/dev/null || { fail "required tool $tool is missing"; finish; }
done
installed="$(rustup target list --installed 2>/dev/null)"
for t in thumbv7em-none-eabihf thumbv6m-none-eabi riscv32imac-unknown-none-elf; do
    grep -qx "$t" <<<"$installed" ||
        { fail "rust target $t is not installed (run \`rustup toolchain install\` in $repo)"; finish; }
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
fw_target_dir="$(cd "$here" && cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
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
    host_target_dir="$(cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
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
    # What was measured: the commit, and whether the core had uncommitted changes.
    source_note="${POH_FOOTPRINT_SOURCE:-$(git rev-parse --short HEAD 2>/dev/null || echo 'unknown revision')$(git diff --quiet HEAD -- core 2>/dev/null || echo ' + uncommitted changes in core/')}"
    readme_flag=""
    [ "${POH_UPDATE_README:-0}" = "1" ] && readme_flag="--update-readme"
    if python3 "$here/footprint.py" --out "$here/FOOTPRINT.md" --source "$source_note" --readme "$repo/README.md" $readme_flag \
        --command "tests/firmware/run.sh   # from the repository root" "${images[@]}" >/dev/null; then
        pass "budgets (Cortex-M0 flash <= 96 KiB, stack <= 8 KiB, no heap); figures in tests/firmware/FOOTPRINT.md"
    else
        fail "budget overrun or missing figure; figures in tests/firmware/FOOTPRINT.md"
    fi
else
    fail "footprint not measured: not every image was built and run"
fi

finish
