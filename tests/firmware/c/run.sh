#!/usr/bin/env bash
# The C library on Cortex-M (`make test-kiosk`), from any directory:
#   1. libpoh.a for thumbv6m-none-eabi and thumbv7em-none-eabihf (poh-ffi without std),
#      linked with Debian's arm-none-eabi-gcc and newlib nano into tests/firmware/c/golden.c
#      on both boards (examples/kiosk/board);
#   2. both images run under qemu-system-arm: every golden case evaluated on the device
#      and every scripted questionnaire session (tests/questionnaire) played with the
#      struct session, the JSON printed over the UART;
#   3. compared with the host CLI byte for byte (tests/firmware/compare.py, as the Rust
#      firmware is) and with the reviewed snapshots (tests/snapshots, snapshots.py);
#   4. the kiosk's tables of patient texts (examples/kiosk/texts) each have every id;
#      the kiosk example (make kiosk) driven through its emulated UART with every scripted
#      session on both boards (kiosk_session.py): the host's questions, referral and flag;
#   5. the Cortex-M0 budgets on the image with evaluator and questionnaire
#      (footprint.py --check: flash <= 96 KiB, stack <= 8 KiB, RAM within 16 KiB).
# Outputs under target/firmware-c and target/kiosk. Prints `N passed, M failed` last.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
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
# Add the counts of a sub-step's closing `N passed, M failed` line.
tally() {
    local out="$1" summary
    echo "$out" | grep -v '^[0-9]* passed, [0-9]* failed$' || true
    summary="$(echo "$out" | grep '^[0-9]* passed, [0-9]* failed$' | tail -n1)"
    if [ -z "$summary" ]; then
        fail "$2 printed no summary"
        return
    fi
    passed=$((passed + ${summary%% passed*}))
    local f="${summary#*passed, }"
    failed=$((failed + ${f%% failed}))
}

for tool in arm-none-eabi-gcc qemu-system-arm arm-none-eabi-size python3; do
    command -v "$tool" >/dev/null || { fail "required tool $tool is missing (make setup installs it)"; finish; }
done
[ -f /usr/lib/arm-none-eabi/newlib/thumb/v6-m/nofp/libc_nano.a ] ||
    { fail "newlib nano for arm-none-eabi is missing (libnewlib-arm-none-eabi; make setup installs it)"; finish; }

work="$repo/target/firmware-c"
mkdir -p "$work"
python3 "$here/gen_data.py" "$work/fw_data.c" || { fail "gen_data.py"; finish; }
cargo build -q -p poh-cli || { fail "host CLI does not build"; finish; }
cli="$repo/target/debug/poh"

declare -A machine=([m0]="-machine microbit -cpu cortex-m0" [m4]="-machine mps2-an386 -cpu cortex-m4")
logs=()
for b in m0 m4; do
    elf="$work/$b/golden.elf"
    if ! "$repo/examples/kiosk/build.sh" "$b" "$elf" "-I$here" "$here/golden.c" "$work/fw_data.c"; then
        fail "C golden firmware does not build for $b"
        continue
    fi
    pass "C golden firmware builds for $b (libpoh.a without std, arm-none-eabi-gcc, newlib nano)"
    # shellcheck disable=SC2086
    timeout 300 qemu-system-arm ${machine[$b]} -display none -monitor none -serial stdio \
        -semihosting-config enable=on,target=native -kernel "$elf" >"$work/$b/golden.log" 2>"$work/$b/golden.stderr"
    rc=$?
    if [ "$rc" -eq 0 ]; then
        pass "C golden firmware ran on $b under QEMU ($(grep -m1 '^## cases' "$work/$b/golden.log" | cut -c4-))"
        logs+=("c-$b=$work/$b/golden.log")
        # Error details on the device: the boards' builds leave `explain` off (the status's
        # message only; golden.c checks the detail itself, the host tests the full one).
        if grep -qx "## explain message ok" "$work/$b/golden.log"; then
            pass "poh_explain_error on $b: message detail"
        else
            fail "poh_explain_error on $b: want \"## explain message ok\", got: $(grep -m1 '^## explain' "$work/$b/golden.log")"
        fi
    else
        fail "C golden firmware exited $rc on $b; see $work/$b/golden.log"
        grep '^## \(error\|panic\)' "$work/$b/golden.log" | sed 's/^/     /'
    fi
done
if [ "${#logs[@]}" -gt 0 ]; then
    tally "$(python3 "$repo/tests/firmware/compare.py" "$cli" "$repo/tests/cases" "${logs[@]}" |
        sed 's/^firmware vs host: //')" "compare.py"
    # The same outputs against the reviewed snapshots (every byte the host prints).
    tally "$(python3 "$here/snapshots.py" "$repo/tests/snapshots" "${logs[@]}")" "snapshots.py"
fi

# The tables of patient texts: every shipped one turns into C (texts.py refuses a table
# without every id of texts/en.tsv); one with an id removed is refused, naming it.
mkdir -p "$work/texts"
for t in "$repo"/examples/kiosk/texts/*.tsv; do
    name="$(basename "$t" .tsv)"
    if python3 "$repo/examples/kiosk/texts.py" "$t" "$work/texts/$name.c" 2>"$work/texts/$name.err"; then
        pass "patient texts $name.tsv: every id of en.tsv"
    else
        fail "patient texts $name.tsv: $(cat "$work/texts/$name.err")"
    fi
done
grep -v '^kiosk.thanks' "$repo/examples/kiosk/texts/en.tsv" >"$work/texts/missing-id.tsv"
if python3 "$repo/examples/kiosk/texts.py" "$work/texts/missing-id.tsv" "$work/texts/missing-id.c" 2>"$work/texts/missing-id.err"; then
    fail "a table without kiosk.thanks was accepted"
elif grep -q "missing ids \['kiosk.thanks'\]" "$work/texts/missing-id.err"; then
    pass "a table without kiosk.thanks is refused, naming the id"
else
    fail "a table without kiosk.thanks: $(cat "$work/texts/missing-id.err")"
fi

for b in m0 m4; do
    elf="$repo/target/kiosk/$b/kiosk.elf"
    if "$repo/examples/kiosk/build_kiosk.sh" "$b" "$elf"; then
        tally "$(python3 "$here/kiosk_session.py" "$cli" "$b" "$elf" "$repo"/tests/questionnaire/*.json)" "kiosk_session.py"
    else
        fail "the kiosk does not build for $b"
    fi
done

tally "$(python3 "$here/footprint.py" --check --boards m0)" "footprint.py"
finish
