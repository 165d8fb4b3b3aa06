#!/usr/bin/env bash
# tests/c/run.sh: every check of the C ABI (make test-c runs it from the repo root).
#
#  1. tools: gcc, g++, pkg-config, valgrind and python3 are on PATH (`make setup`
#     installs them; a missing one is a failure, never a skip)
#  2. the release library builds; ffi-c/install.sh stages a static and a shared install
#     (headers, libpoh.a / libpoh.so, poh.pc)
#  3. the header compiles as C++
#  4. tests/c/test_api.c (every entry point and status) with ASan+UBSan against libpoh.a
#  5. the bad-input catalog through the C JSON entry points (ASan+UBSan)
#  6. every golden case (tests/cases) and phenopacket (tests/phenopackets) through the C
#     JSON path, the C struct path and the C result path (every accessor compared with the
#     struct), byte-identical to `cargo run -q -p poh-cli -- --json`
#  7. the example EHR plugin (tests/c/ehr_card.c) on patient records, its card checked
#  8. the same C tests again without sanitizers under valgrind (zero errors, no leaks)
#  9. pkg-config: programs built with `pkg-config --cflags --libs [--static] poh`, linked
#     statically and dynamically, and run
# 10. the C example in ffi-c/README.md compiles and runs
# That include/poh.h is what cbindgen generates is `make header-check` (part of `make
# check`). Outputs go under <cargo target dir>/c.
#
# Prints "ok"/"FAIL" per check and a final line "N passed, M failed"; exits 1 on any
# failure.
set -uo pipefail

# shellcheck source=../../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/sh/harness.sh"
root="$POH_ROOT"
cd "$root"
work="$POH_TARGET/c"
rm -rf "$work"
mkdir -p "$work/bin" "$work/golden" "$work/bad"
POH_CHECK_LOG="$work/last.log"

# ---- 1. tools ---------------------------------------------------------------------------
for tool in gcc g++ pkg-config valgrind python3; do
  check "tool $tool available (make setup installs it)" command -v "$tool"
done
[ "$failed" -eq 0 ] || finish

# ---- 2. build and stage installs --------------------------------------------------------
check "release build, static install (libpoh.a + poh.pc)" ffi-c/install.sh "$work/static" static
check "release build, shared install (libpoh.so + poh.pc)" ffi-c/install.sh "$work/shared" shared
check "release build, default install (both: poh.pc static, poh-shared.pc)" \
  bash -c "ffi-c/install.sh '$work/both' >'$work/install-both.log' 2>&1"
check "install.sh says what it does (each step printed)" \
  grep -q "install.sh: writing $work/both/lib/pkgconfig/poh.pc" "$work/install-both.log"
[ -f "$work/static/lib/libpoh.a" ] || finish
libs_private="$(sed -n 's/^Libs.private: //p' "$work/static/lib/pkgconfig/poh.pc")"
check "poh.pc lists the native static libs" test -n "$libs_private"

# ---- 3. the header as C++ ---------------------------------------------------------------
check "include/poh.h compiles as C++ (g++ -x c++ -fsyntax-only)" \
  g++ -x c++ -std=c++11 -fsyntax-only -Wall -Wextra -Wpedantic -Werror include/poh.h

# ---- 4/5. C tests with ASan + UBSan -----------------------------------------------------
cflags=(-std=c99 -Wall -Wextra -Wpedantic -Werror -g -Iinclude)
san=(-fsanitize=address,undefined -fno-sanitize-recover=all)
build() { # build OUT SRC EXTRA...: against the static library
  local out="$1" src="$2"
  shift 2
  # shellcheck disable=SC2086
  gcc "${cflags[@]}" "$@" "$src" "$work/static/lib/libpoh.a" $libs_private -o "$out"
}
for prog in test_api bad_inputs golden ehr_card; do
  check "build $prog (ASan+UBSan, -Werror)" build "$work/bin/$prog-asan" "tests/c/$prog.c" "${san[@]}"
  check "build $prog (plain, for valgrind)" build "$work/bin/$prog" "tests/c/$prog.c"
done
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1"

if [ -x "$work/bin/test_api-asan" ]; then
  "$work/bin/test_api-asan" >"$work/test_api.log" 2>&1
  add_counts "test_api (ASan+UBSan)" "$work/test_api.log" $?
fi

# The bad-input catalog, unpacked into one file per case plus a manifest.
check "bad-input catalog unpacked" python3 - "$work/bad" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
cases = json.loads(pathlib.Path("tests/bad-inputs/catalog.json").read_text())["cases"]
lines = []
for i, c in enumerate(cases):
    if "input" in c:
        data = c["input"].encode()
    elif "input_hex" in c:
        data = bytes.fromhex(c["input_hex"])
    else:
        r = c["input_repeat"]
        data = (r["prefix"] + r["unit"] * r["count"] + r["suffix"]).encode()
    p = out / f"{i:03d}.bin"
    p.write_bytes(data)
    # Expectations of the detail (poh_explain_error): "-" for none; allowed joined by ", ".
    path = c.get("expect_path", "-")
    offset = str(c["expect_offset"]) if "expect_offset" in c else "-"
    allowed = ", ".join(c["expect_allowed"]) if "expect_allowed" in c else "-"
    hint = c.get("expect_hint", "-")
    cols = [c["api"], str(c["expect_code"]), c["name"], str(p), path if path else "<root>",
            offset, allowed, hint]
    assert all("\t" not in x and "\n" not in x for x in cols), c["name"]
    lines.append("\t".join(cols) + "\n")
(out / "manifest.tsv").write_text("".join(lines))
assert len(lines) >= 40, len(lines)
PY
if [ -x "$work/bin/bad_inputs-asan" ]; then
  "$work/bin/bad_inputs-asan" "$work/bad/manifest.tsv" >"$work/bad_inputs.log" 2>&1
  add_counts "bad-input catalog through the C API (ASan+UBSan)" "$work/bad_inputs.log" $?
fi

# ---- 6. golden cases: C output byte-identical to Rust -----------------------------------
check "poh-cli builds" cargo build -q -p poh-cli
golden_compare() { # golden_compare NAME RUST_ARGS... -- C_ARGS...
  local name="$1" rust=() c=()
  shift
  while [ "$1" != "--" ]; do rust+=("$1"); shift; done
  shift
  c=("$@")
  if ! cargo run -q -p poh-cli -- --json "${rust[@]}" >"$work/golden/rust.json" 2>"$work/golden/rust.err"; then
    fail "$name: Rust CLI failed"
    sed 's/^/     /' "$work/golden/rust.err"
    return
  fi
  local mode
  for mode in json struct result; do
    local args=("${c[@]}")
    [ "$mode" = json ] || args=("--$mode" "${c[@]}")
    if ! "$work/bin/golden-asan" "${args[@]}" >"$work/golden/c.json" 2>"$work/golden/c.err"; then
      fail "$name: C $mode path failed"
      sed 's/^/     /' "$work/golden/c.err"
    elif cmp -s "$work/golden/rust.json" "$work/golden/c.json"; then
      pass "$name: C $mode path = Rust ($(wc -c <"$work/golden/c.json") bytes)"
    else
      fail "$name: C $mode path differs from Rust"
      cmp "$work/golden/rust.json" "$work/golden/c.json" | sed 's/^/     /'
    fi
  done
}
ncases=0
for case_file in tests/cases/*.json; do
  name="$(basename "$case_file" .json)"
  input="$work/golden/$name.input.json"
  if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); json.dump(d["input"], open(sys.argv[2],"w"), indent=1)' \
    "$case_file" "$input"; then
    fail "golden $name: no input member"
    continue
  fi
  golden_compare "golden $name" "$case_file" -- "$input"
  ncases=$((ncases + 1))
done
check "golden cases found ($ncases)" test "$ncases" -ge 30
npackets=0
for packet in tests/phenopackets/*.json; do
  golden_compare "phenopacket $(basename "$packet" .json)" --phenopacket "$packet" -- --phenopacket "$packet"
  npackets=$((npackets + 1))
done
check "phenopackets found ($npackets)" test "$npackets" -ge 1

# ---- 7. the example EHR plugin ----------------------------------------------------------
card_check() { # card_check NAME RECORD INDICATOR BINARY
  local name="$1" record="$2" want="$3" bin="$4" out="$work/card.txt"
  if ! "$bin" "$record" >"$out" 2>&1; then
    fail "$name: ehr_card exited non-zero"
    sed 's/^/     /' "$out"
    return
  fi
  local problems=""
  grep -qE '^Summary: POH criteria (met|not met|indeterminate)' "$out" || problems+=" summary"
  grep -qx "Indicator: $want" "$out" || problems+=" indicator(want $want)"
  grep -qx 'Next steps:' "$out" || problems+=" next-steps"
  grep -qE '^Sources: [a-z0-9_]+(, [a-z0-9_]+)*$' "$out" || problems+=" sources"
  grep -q 'decision support, not a diagnosis' "$out" || problems+=" disclaimer"
  if [ -z "$problems" ]; then
    pass "$name: card ($want)"
  else
    fail "$name: card lacks:$problems"
    sed 's/^/     /' "$out"
  fi
}
card_check "ehr_card patient_record.json" tests/c/fixtures/patient_record.json warning "$work/bin/ehr_card-asan"
check "ehr_card: the POH record lists next steps" grep -qE '^  1\. \[(lab|genetic|imaging|exam|history)\] ' "$work/card.txt"
card_check "ehr_card NHHO after hip surgery" "$work/golden/typical_nhho_after_hip_surgery.input.json" info "$work/bin/ehr_card-asan"
card_check "ehr_card PHP1A" "$work/golden/typical_php1a.input.json" warning "$work/bin/ehr_card-asan"
card_check "ehr_card empty record" "$work/golden/edge_empty_input.input.json" info "$work/bin/ehr_card-asan"
printf '{"phenotypes":[{"id":"HP:12"}]}' >"$work/bad_record.json"
"$work/bin/ehr_card-asan" "$work/bad_record.json" >"$work/card_bad.txt" 2>&1
status=$?
check "ehr_card rejects a bad record with exit 1 and the status text" \
  bash -c "[ $status -eq 1 ] && grep -q 'record rejected: .*(invalid_hpo_id, code 104)' '$work/card_bad.txt'"

# ---- 8. valgrind ------------------------------------------------------------------------
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
if [ -x "$work/bin/test_api" ]; then
  "${vg[@]}" "$work/bin/test_api" >"$work/test_api_vg.log" 2>&1
  add_counts "test_api under valgrind" "$work/test_api_vg.log" $?
fi
if [ -x "$work/bin/bad_inputs" ]; then
  "${vg[@]}" "$work/bin/bad_inputs" "$work/bad/manifest.tsv" >"$work/bad_inputs_vg.log" 2>&1
  add_counts "bad-input catalog under valgrind" "$work/bad_inputs_vg.log" $?
fi
check "ehr_card under valgrind" "${vg[@]}" "$work/bin/ehr_card" tests/c/fixtures/patient_record.json
vg_golden() {
  # One valgrind process per path, over every case (its start-up is what costs).
  local mode
  for mode in --struct --result --json; do
    "${vg[@]}" "$work/bin/golden" ${mode/--json/} "$work"/golden/*.input.json >/dev/null ||
      { echo "valgrind: golden $mode"; return 1; }
  done
}
check "golden runner under valgrind (every case, JSON, struct and result paths)" vg_golden

# ---- 9. pkg-config, static and shared --------------------------------------------------
pc_build() { # pc_build PREFIX OUT [--static]
  local prefix="$1" out="$2" flags
  shift 2
  flags="$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs "$@" poh)" || return 1
  echo "pkg-config $*: $flags"
  # shellcheck disable=SC2086
  gcc -std=c99 -Wall -Wextra -Wpedantic -Werror tests/c/ehr_card.c $flags -o "$out"
}
check "pkg-config --cflags --libs --static poh builds ehr_card" pc_build "$work/static" "$work/bin/card-static" --static
check "the static build does not need libpoh.so" bash -c "! ldd '$work/bin/card-static' | grep -q libpoh"
card_check "ehr_card (static, via pkg-config)" tests/c/fixtures/patient_record.json warning "$work/bin/card-static"
check "default install: pkg-config --static poh builds ehr_card" pc_build "$work/both" "$work/bin/card-both" --static
check "default install: the --static build does not need libpoh.so (issue 16)" \
  bash -c "! ldd '$work/bin/card-both' | grep -q libpoh"
card_check "ehr_card (default install, --static)" tests/c/fixtures/patient_record.json warning "$work/bin/card-both"
check "pkg-config --cflags --libs poh builds ehr_card (shared)" pc_build "$work/shared" "$work/bin/card-shared"
check "the shared build runs without LD_LIBRARY_PATH (rpath)" "$work/bin/card-shared" tests/c/fixtures/patient_record.json
check "the shared build links libpoh.so" \
  bash -c "LD_LIBRARY_PATH='$work/shared/lib' ldd '$work/bin/card-shared' | grep -q 'libpoh.so => $work/shared/lib'"
LD_LIBRARY_PATH="$work/shared/lib" card_check "ehr_card (shared, via pkg-config)" \
  tests/c/fixtures/patient_record.json warning "$work/bin/card-shared"

# ---- 10. the README's C example compiles and runs --------------------------------------
readme_example() {
  python3 - "$work/readme_example.c" <<'PY' || return 1
import re, sys
text = open("ffi-c/README.md").read()
blocks = [b for b in re.findall(r"```c\n(.*?)```", text, re.S) if "int main" in b]
assert blocks, "no C example with main() in ffi-c/README.md"
open(sys.argv[1], "w").write(blocks[0])
PY
  local flags
  flags="$(PKG_CONFIG_PATH="$work/static/lib/pkgconfig" pkg-config --cflags --libs --static poh)" || return 1
  # shellcheck disable=SC2086
  gcc -std=c99 -Wall -Wextra -Wpedantic -Werror "${san[@]}" "$work/readme_example.c" $flags \
    -o "$work/bin/readme_example" || return 1
  "$work/bin/readme_example" | tee /dev/stderr | grep -q '^criterion superficial_to_deep: met; flag: [a-z]*; leading: '
}
check "ffi-c/README.md C example compiles (-Werror, sanitizers) and runs" readme_example

finish
