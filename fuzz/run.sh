#!/usr/bin/env bash
# fuzz/run.sh [SECONDS]: build every cargo-fuzz target and run each for SECONDS (default
# 10, what `make test` uses; `make fuzz` passes a longer time). From any directory.
#
#   findings_json     JSON decoder + evaluator + encoder (poh_core::json)
#   phenopacket_json  Phenopacket v2 reader + evaluator + encoder
#   questionnaire     the kiosk Session state machine and step_json
#   counseling_json   counseling JSON
#   c_json_entry      the C JSON entry points (poh-ffi) with random buffer sizes
#   fhir_reader       the FHIR reader (poh-fhir) and the findings it hands the core
#   soundness         three-valued soundness: resolving an unknown finding group never
#                     changes a decided criterion (seeded from corpus/findings_json)
#
# The invariants are asserted inside the targets (see fuzz_targets/*.rs); any panic,
# abort, sanitizer report, leak, timeout (-timeout, per input) or out-of-memory is a
# failure, its input saved under <fuzz target dir>/run/artifacts/<target>/ (the fuzz
# crate is a workspace of its own: fuzz/target, or CARGO_TARGET_DIR when set).
#
# Sanitizers: c_json_entry (unsafe code: raw pointers, caller buffers) runs under
# AddressSanitizer. The core targets are safe Rust (`forbid(unsafe_code)`) and run without
# one, about five times faster; overflow checks and debug assertions are on for all.
#
# The committed seed corpus fuzz/corpus/<target>/ (rebuilt by fuzz/make_corpus.py) is
# only read; what the fuzzer finds goes to <fuzz target dir>/run/corpus/<target>/, kept
# between runs so that longer runs build on shorter ones.
#
# The dated nightly and cargo-fuzz are installed by `make setup`. Prints executions per
# target and in total, then `N passed, M failed`; exits 1 on any failure.
set -uo pipefail

secs="${1:-10}"
case "$secs" in '' | *[!0-9]*) echo "usage: fuzz/run.sh [SECONDS]" >&2; exit 2 ;; esac
nightly="nightly-2026-05-20"
# shellcheck source=../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/sh/harness.sh"
here="$POH_ROOT/fuzz"
cd "$here"
fuzz_target="$(cargo_target_dir "$here")" || fuzz_target=""
[ -n "$fuzz_target" ] || { fail "cargo metadata found no target directory for $here"; finish; }
work="$fuzz_target/run"
mkdir -p "$work"

# ---- tools -----------------------------------------------------------------------------
rustup run "$nightly" rustc --version >/dev/null 2>&1 || { fail "toolchain $nightly unavailable (run \`make setup\`)"; finish; }
cargo fuzz --version >/dev/null 2>&1 || { fail "cargo-fuzz unavailable (run \`make setup\`)"; finish; }

# ---- build -----------------------------------------------------------------------------
# target sanitizer: one target directory per sanitizer, so neither build invalidates the other.
targets=(findings_json:none phenopacket_json:none questionnaire:none counseling_json:none c_json_entry:address soundness:none fhir_reader:none)
# FUZZ_SANITIZER=address (what `make test` sets): every target under one sanitizer, so one
# build of the dependencies serves them all (a second sanitizer is a second full build of
# the core and its dependencies, minutes of the CI budget for a 10-second smoke run).
# Unset (`make fuzz`): each target with its own, the core targets faster without ASan.
if [ -n "${FUZZ_SANITIZER:-}" ]; then
  case "$FUZZ_SANITIZER" in none | address) ;; *) echo "FUZZ_SANITIZER: none or address" >&2; exit 2 ;; esac
  targets=("${targets[@]/%:*/:$FUZZ_SANITIZER}")
  echo "fuzz: every target under sanitizer $FUZZ_SANITIZER (FUZZ_SANITIZER)"
fi
jobs="${CARGO_BUILD_JOBS:-2}"
built=()
for spec in "${targets[@]}"; do
  t="${spec%%:*}" san="${spec##*:}"
  if CARGO_BUILD_JOBS="$jobs" cargo "+$nightly" fuzz build -s "$san" --target-dir "$fuzz_target/$san" "$t" \
    >"$work/build-$t.log" 2>&1; then
    pass "build $t (sanitizer: $san)"
    built+=("$spec")
  else
    fail "build $t (sanitizer: $san); log: $work/build-$t.log"
    grep -E '^(error|warning)' -A6 "$work/build-$t.log" | head -n 40 | sed 's/^/     /'
  fi
done

# ---- run -------------------------------------------------------------------------------
# The runs, two at a time (each keeps one core busy for its SECONDS; built already, so
# `cargo fuzz run` only links nothing and starts), reported in the targets' order.
run_one() { # run_one SPEC: writes $work/result-$t (rc) beside $work/run-$t.log
  local spec="$1" t san scratch artifacts seeds log
  t="${spec%%:*}" san="${spec##*:}"
  scratch="$work/corpus/$t" artifacts="$work/artifacts/$t" seeds="corpus/$t"
  [ "$t" = soundness ] && seeds="corpus/findings_json"
  mkdir -p "$scratch" "$artifacts"
  log="$work/run-$t.log"
  # -timeout: an input running longer than 10 s is a hang (a full evaluation takes well
  # under a millisecond). -rss_limit_mb: well above the ASan build's ~500 MB.
  cargo "+$nightly" fuzz run -s "$san" --target-dir "$fuzz_target/$san" "$t" "$scratch" "$seeds" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=3072 -artifact_prefix="$artifacts/" \
    -print_final_stats=1 >"$log" 2>&1
  echo $? >"$work/result-$t"
}
parallel="${FUZZ_PARALLEL:-2}"
running=0
for spec in "${built[@]}"; do
  if [ "$running" -ge "$parallel" ]; then
    wait -n
    running=$((running - 1))
  fi
  rm -f "$work/result-${spec%%:*}"
  run_one "$spec" &
  running=$((running + 1))
done
wait

total=0
for spec in "${built[@]}"; do
  t="${spec%%:*}"
  log="$work/run-$t.log"
  rc="$(cat "$work/result-$t" 2>/dev/null || echo 1)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)"
  [ -n "$execs" ] || execs="$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)"
  execs="${execs:-0}"
  total=$((total + execs))
  cov="$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, features \2, corpus \3/p')"
  if [ "$rc" -eq 0 ] && grep -q '^Done [0-9]* runs' "$log"; then
    pass "$t: $execs executions in ${secs} s ($cov)"
  else
    fail "$t: exit $rc after $execs executions; log: $log"
    grep -E 'panicked at|^thread|assertion|ERROR: |SUMMARY: |Test unit written to|^Base64' -A3 "$log" |
      head -n 40 | sed 's/^/     /'
  fi
done
echo "fuzz executions: $total in total over ${#built[@]} targets, ${secs} s each, $parallel at a time (FUZZ_PARALLEL)"
finish
