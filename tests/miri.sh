#!/usr/bin/env bash
# tests/miri.sh: the C ABI's unit tests and the core's tests under Miri (undefined
# behaviour, out-of-bounds access, invalid values, leaks), with the dated nightly. From any
# directory.
#
#   bash tests/miri.sh          MIRI_SCOPE=unsafe (make test): the unit tests of ffi-c,
#                               the one crate with `unsafe` (in-place writes of the output
#                               structs, C strings, the per-thread workspace, the poh_result
#                               storage), and core/tests/no_heap.rs (a whole phenopacket
#                               read and evaluated, under the counting allocator). About 4
#                               minutes on 2 cores once built (247 s measured), longer
#                               beside make test's other stages.
#   MIRI_SCOPE=full bash tests/miri.sh   (make miri) and everything of the core as well:
#                               its unit tests, every integration test (properties,
#                               open_world, reuse, progressive) and the doctests. About 20
#                               minutes: over the 25 minutes CI has for all of make test
#                               together, so it is a separate target.
#
# Why the smaller scope is the one CI runs: the core is `#![forbid(unsafe_code)]`, so what
# Miri can find there is undefined behaviour in its dependencies' unsafe code (heapless,
# serde-json-core) and in std; the ffi-c tests drive the core through those same
# dependencies (JSON in and out, every golden case through poh_evaluate_into), and the
# core's tests run natively, in full, in `make check`. The C programs of tests/c are C and
# run under the sanitizers and valgrind there instead.
#
# Reduced under Miri, and printed: the property tests run PROPTEST_CASES cases each
# (default 4; 400 outside Miri), with a fixed seed so that a failure reproduces (set
# PROPTEST_RNG_SEED to vary it); the unit tests that check a table entry by entry visit
# every 41st entry (core/src/lib.rs, EXHAUSTIVE_STRIDE); ffi-c's comparisons of its two
# findings paths and of poh_evaluate_into with poh_evaluate run 80 structs each (4,000
# and 3,000 natively); its golden-case input test reads every 8th case, and its FHIR chart
# test is ignored (about a minute in the safe-Rust FHIR reader; ffi-c/src/fhir.rs).
#
# Miri flags: -Zmiri-disable-isolation, because tests/no_heap.rs reads a phenopacket from
# tests/phenopackets and proptest reads its PROPTEST_* variables.
#
# The nightly with miri is installed by `make setup`. Prints each test binary's result,
# then `N passed, M failed` over all tests; exits 1 on any failure.
set -uo pipefail

nightly="nightly-2026-05-20"
# shellcheck source=../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/sh/harness.sh"
root="$POH_ROOT"
cd "$root"
log="$POH_TARGET/miri.log"
mkdir -p "$(dirname "$log")"

if ! rustup run "$nightly" cargo miri --version >/dev/null 2>&1; then
  fail "miri is not available for $nightly (run \`make setup\`)"
  finish
fi

export PROPTEST_CASES="${PROPTEST_CASES:-4}"
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20260520}"
export PROPTEST_DISABLE_FAILURE_PERSISTENCE=1
export MIRIFLAGS="${MIRIFLAGS:-} -Zmiri-disable-isolation"
scope="${MIRI_SCOPE:-unsafe}"
case "$scope" in
  unsafe) core_args=(--test no_heap) ;;
  full) core_args=() ;;
  *) fail "MIRI_SCOPE must be unsafe or full, not $scope"; finish ;;
esac
echo "reduced under Miri: ffi-c's in-place findings test and its poh_evaluate_into test compare 80 structs each (4,000 and 3,000 natively)"
echo "reduced under Miri: ffi-c's golden-case input test reads every 8th case; its FHIR chart test is ignored there (its reason is in ffi-c/src/fhir.rs)"
if [ "$scope" = full ]; then
  echo "reduced under Miri: core/tests/properties.rs runs PROPTEST_CASES=$PROPTEST_CASES cases per property (400 natively), seed $PROPTEST_RNG_SEED"
  echo "reduced under Miri: exhaustive table checks in the unit tests visit every 41st entry (EXHAUSTIVE_STRIDE in core/src/lib.rs)"
  echo "reduced under Miri: core/tests/open_world.rs runs 1 case of at most 6 known and 8 unknown entries (256 cases, up to 64 and 150, natively)"
else
  echo "not under Miri in this scope (MIRI_SCOPE=unsafe): the core's unit tests, its integration tests other than no_heap.rs, and its doctests; they run natively in make check, and all of them under Miri with \`make miri\` (MIRI_SCOPE=full)"
fi
echo "miri ($scope): cargo +$nightly miri test -p poh-ffi --lib, then -p poh-core ${core_args[*]:-(everything)} (MIRIFLAGS=$MIRIFLAGS); log: $log"

start=$SECONDS
cargo "+$nightly" miri setup >/dev/null 2>&1
cargo "+$nightly" miri test -p poh-ffi --lib >"$log" 2>&1
rc=$?
cargo "+$nightly" miri test -p poh-core "${core_args[@]}" >>"$log" 2>&1
rc_core=$?
[ "$rc" -ne 0 ] || rc=$rc_core

# One line per test binary: "<binary>: test result: ok. N passed; M failed; ..."
current=""
while IFS= read -r line; do
  case "$line" in
    *"Running "*) current="$(sed -n 's/.*Running \([^ ]*\).*/\1/p' <<<"$line")" ;;
    *"Doc-tests "*) current="doctests" ;;
    "test result: "*)
      p="$(sed -n 's/.* \([0-9]*\) passed.*/\1/p' <<<"$line")"
      f="$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")"
      passed=$((passed + ${p:-0}))
      failed=$((failed + ${f:-0}))
      echo "  ${current}: ${line#test result: }"
      ;;
  esac
done <"$log"
grep -E '^test .* FAILED$|^error: Undefined Behavior|^error(\[|:)' "$log" | head -n 20 | sed 's/^/     /'
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "FAIL cargo miri test exited $rc (see $log)"
  tail -n 30 "$log" | sed 's/^/     /'
  failed=$((failed + 1))
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "FAIL no test ran under Miri"
  failed=1
fi
echo "miri: $((SECONDS - start)) s"
finish
