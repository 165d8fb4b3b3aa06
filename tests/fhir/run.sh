#!/usr/bin/env bash
# tests/fhir/run.sh: the FHIR reader's checks (make test-fhir), from any directory.
#   1. fhir/data/snomed_hpo.tsv against a fresh generation (tools/snomed_map.py --check)
#   2. cargo test -p poh-fhir (rules, charts, CDS Hooks spec examples, bad input)
#   3. poh --fhir (cli/tests/fhir.rs)
#   4. poh_evaluate_fhir_json: its Rust unit tests, and tests/fhir/c/fhir_entry.c built with
#      -std=c99 -Wall -Wextra -Wpedantic -Werror and ASan + UBSan against libpoh.a
# The Python entry point (py/tests/test_fhir.py) runs with the other Python tests in
# make test-py; the fuzz target fhir_reader in fuzz/run.sh. Outputs go under target/.
# Prints `N passed, M failed`; exits 1 on any failure.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="${CARGO_TARGET_DIR:-$root/target}/fhir"
mkdir -p "$work"
passed=0
failed=0
check() {
  local name="$1"
  shift
  if "$@" >"$work/last.log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    tail -n 40 "$work/last.log" | sed 's/^/     /'
  fi
}

check "SNOMED CT map matches a fresh generation (tools/snomed_map.py --check)" \
  python3 tools/snomed_map.py --check
sed -n 's/^fhir-map-check: /     /p' "$work/last.log"
check "cargo test -p poh-fhir" cargo test -q -p poh-fhir
check "poh --fhir (cargo test -p poh-cli --test fhir)" cargo test -q -p poh-cli --test fhir
check "poh_evaluate_fhir_json unit tests (cargo test -p poh-ffi fhir)" cargo test -q -p poh-ffi --lib fhir
check "libpoh.a with the fhir feature (cargo build -p poh-ffi)" cargo build -q -p poh-ffi
target="${CARGO_TARGET_DIR:-$root/target}"
libs="$(cargo rustc -q -p poh-ffi --lib --crate-type staticlib -- --print native-static-libs 2>&1 |
  sed -n 's/.*native-static-libs: //p' | tail -n 1)"
# shellcheck disable=SC2086
check "tests/fhir/c/fhir_entry.c compiles (C99, -Werror, ASan + UBSan)" \
  gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -g -Iinclude -fsanitize=address,undefined \
  -fno-sanitize-recover=all tests/fhir/c/fhir_entry.c "$target/debug/libpoh.a" $libs -o "$work/fhir_entry"
check "tests/fhir/c/fhir_entry.c runs" "$work/fhir_entry" tests/fhir/poh_like.json \
  tests/fhir/php1a_like_prefetch.json tests/fhir/bad/two_patients.json
grep -E '^[0-9]+ passed' "$work/last.log" | sed 's/^/     /'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
