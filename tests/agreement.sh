#!/usr/bin/env bash
# tests/agreement.sh: one command, every runtime, byte for byte. From any directory.
#
# Every golden case (tests/cases/*.json, its `input` member) is evaluated by
#   rust    the CLI, `poh --json CASE`
#   c       tests/c/golden.c (the C engineer's runner: poh_evaluate_json, size query then
#           evaluate) linked against libpoh from `cargo build --release -p poh-ffi`
#   python  `poh.evaluate(input).to_json()` in .venv (created by `make setup`; the wheel
#           is rebuilt from ./py first, so it is never stale)
#   m4, m0  both firmware images (tests/firmware) under qemu-system-arm: Cortex-M4F on
#           mps2-an386 and Cortex-M0 on microbit, built as tests/firmware/run.sh builds them
# and all five outputs must be identical bytes, and identical to the reviewed snapshot
# (tests/snapshots/, compacted; `make snapshots` rewrites the files after a deliberate
# change). Also compared: every phenopacket (tests/phenopackets) through rust, c and
# python, and every step of the scripted kiosk sessions (tests/questionnaire) through rust
# and the M4 image (the M0 image, with 16 KiB of RAM, evaluates only: tests/firmware/build.rs).
#
# Outputs are kept under target/agreement/<runtime>/. Prints one line per case, then
# `N passed, M failed` (a case passes when every runtime gave the same bytes); exits 1 on
# any difference or any runtime that could not run.
set -uo pipefail

# shellcheck source=../tools/sh/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/sh/harness.sh"
root="$POH_ROOT"
cd "$root"
target="$POH_TARGET"
work="$target/agreement"
rm -rf "$work"
mkdir -p "$work"
setup_failed=0
note() { echo "FAIL $*"; setup_failed=$((setup_failed + 1)); }

# ---- rust ------------------------------------------------------------------------------
cargo build -q -p poh-cli >"$work/rust-build.log" 2>&1 || { note "poh-cli does not build"; tail -n 20 "$work/rust-build.log"; }
cli="$target/debug/poh"

# ---- c: the C golden runner against the shared library ---------------------------------
c_bin=""
if cargo build -q --release -p poh-ffi >"$work/c-build.log" 2>&1 &&
  gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -Iinclude tests/c/golden.c \
    -L"$target/release" -lpoh -Wl,-rpath,"$target/release" -o "$work/golden" >>"$work/c-build.log" 2>&1; then
  c_bin="$work/golden"
else
  note "C runner tests/c/golden.c does not build against libpoh"
  tail -n 20 "$work/c-build.log"
fi

# ---- python: a fresh wheel in .venv ----------------------------------------------------
py="$POH_PY"
if [ ! -x "$py" ]; then
  note "no virtualenv at $POH_VENV (run \`make setup\`)"
  py=""
elif pip_install_poh "$py" >>"$work/py-build.log" 2>&1; then
  :
else
  note "pip install ./py failed"
  tail -n 20 "$work/py-build.log"
  py=""
fi

# ---- firmware: both images under QEMU --------------------------------------------------
fw="$root/tests/firmware"
fw_target="$(cargo_target_dir "$fw")" || fw_target="$fw/target"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
# The same flags as tests/firmware/run.sh, so that both share one build.
fw_rustflags="--remap-path-prefix=$cargo_home=/cargo --remap-path-prefix=$root=/poh"
declare -A board=(
  [thumbv7em-none-eabihf]="-machine mps2-an386 -cpu cortex-m4"
  [thumbv6m-none-eabi]="-machine microbit -cpu cortex-m0"
)
declare -A label=([thumbv7em-none-eabihf]=m4 [thumbv6m-none-eabi]=m0)
fw_logs=()
if ! command -v qemu-system-arm >/dev/null; then
  note "qemu-system-arm is not installed (run \`make setup\`)"
else
  for t in thumbv7em-none-eabihf thumbv6m-none-eabi; do
    if ! (cd "$fw" && RUSTFLAGS="$fw_rustflags" cargo build -q --release --target "$t") >"$work/fw-$t.log" 2>&1; then
      note "firmware does not build for $t"
      tail -n 20 "$work/fw-$t.log"
      continue
    fi
    log="$work/${label[$t]}.log"
    # shellcheck disable=SC2086
    timeout 300 qemu-system-arm ${board[$t]} -nographic -monitor none -serial none \
      -semihosting-config enable=on,target=native -kernel "$fw_target/$t/release/poh-firmware" \
      >"$log" 2>"$log.stderr"
    rc=$?
    [ "$rc" -eq 0 ] || note "firmware $t exited $rc under QEMU (see $log)"
    fw_logs+=("${label[$t]}=$log")
  done
fi

# ---- run every case through every runtime and compare ----------------------------------
python3 - "$work" "$cli" "${c_bin:-}" "${py:-}" "$setup_failed" "${fw_logs[@]}" <<'PY'
import json, pathlib, subprocess, sys

work = pathlib.Path(sys.argv[1])
cli, c_bin, py, setup_failed = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
fw_logs = dict(spec.split("=", 1) for spec in sys.argv[6:])
root = pathlib.Path.cwd()
cases = sorted((root / "tests/cases").glob("*.json"))
packets = sorted((root / "tests/phenopackets").glob("*.json"))
scripts = sorted((root / "tests/questionnaire").glob("*.json"))
inputs = work / "inputs"
inputs.mkdir()
outputs = {}  # (item, runtime) -> bytes, or None when the runtime failed on it
errors = {}


def run(item, runtime, cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, **kw)
    if r.returncode != 0:
        outputs[item, runtime] = None
        errors[item, runtime] = f"exit {r.returncode}: {r.stderr.decode(errors='replace').strip()[:300]}"
    else:
        outputs[item, runtime] = r.stdout
    d = work / runtime
    d.mkdir(exist_ok=True)
    (d / (item.replace(":", "_") + ".out")).write_bytes(r.stdout)


for c in cases:
    doc = json.loads(c.read_text())
    (inputs / c.name).write_text(json.dumps(doc["input"], indent=1))
    run(c.stem, "rust", [cli, "--json", str(c)])
    if c_bin:
        run(c.stem, "c", [c_bin, str(inputs / c.name)])
for p in packets:
    item = "phenopacket:" + p.stem
    run(item, "rust", [cli, "--json", "--phenopacket", str(p)])
    if c_bin:
        run(item, "c", [c_bin, "--phenopacket", str(p)])
# Python: one interpreter for every case; the input handed over as the dict a Python
# caller would pass (golden cases) or the document text (phenopackets).
if py:
    driver = r'''
import json, sys, pathlib, poh
items = json.loads(sys.stdin.read())
res = {}
for name, kind, path in items:
    try:
        if kind == "case":
            a = poh.evaluate(json.loads(pathlib.Path(path).read_text())["input"])
        else:
            a = poh.evaluate_phenopacket(pathlib.Path(path).read_bytes())
        res[name] = a.to_json() + "\n"
    except Exception as e:
        res[name] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(res))
'''
    items = [[c.stem, "case", str(c)] for c in cases] + [["phenopacket:" + p.stem, "packet", str(p)] for p in packets]
    r = subprocess.run([py, "-c", driver], input=json.dumps(items).encode(), capture_output=True, cwd="/")
    res = json.loads(r.stdout) if r.returncode == 0 else {}
    d = work / "python"
    d.mkdir()
    for name, _, _ in items:
        v = res.get(name)
        if isinstance(v, str):
            outputs[name, "python"] = v.encode()
            (d / (name.replace(":", "_") + ".out")).write_text(v)
        else:
            outputs[name, "python"] = None
            errors[name, "python"] = v["error"] if isinstance(v, dict) else f"python driver: {r.stderr.decode()[-300:]}"
# Firmware logs: per case `== name`, then the JSON on one line.
def frames(data):
    out, lines = {}, data.split(b"\n")
    for i, line in enumerate(lines):
        if line.startswith(b"== ") and i + 1 < len(lines):
            payload = lines[i + 1]
            out[line[3:].decode("utf-8", "replace")] = None if payload.startswith((b"## ", b"== ")) else payload + b"\n"
    return out
for runtime, log in fw_logs.items():
    got = frames(pathlib.Path(log).read_bytes())
    for c in cases:
        outputs[c.stem, runtime] = got.get(c.stem)
        if got.get(c.stem) is None:
            errors[c.stem, runtime] = "missing from the firmware output"
    for name, payload in got.items():
        if name.startswith("questionnaire:"):
            outputs[name, runtime] = payload
for s in scripts:
    r = subprocess.run([cli, "--questionnaire", str(s)], capture_output=True)
    for name, payload in frames(r.stdout).items():
        outputs[name, "rust"] = payload

# Every runtime, always: one that could not be built or run fails its cases, never skips.
expected = {"case": ["rust", "c", "python", "m4", "m0"], "phenopacket": ["rust", "c", "python"],
            "questionnaire": ["rust", "m4"]}  # the M0 image runs no kiosk session (tests/firmware/build.rs)
items = [(c.stem, "case") for c in cases] + [("phenopacket:" + p.stem, "phenopacket") for p in packets]
items += sorted({(n, "questionnaire") for (n, rt) in outputs if n.startswith("questionnaire:")})
def snapshot_path(item, kind):
    sub = {"case": "cases", "phenopacket": "phenopackets", "questionnaire": "questionnaire"}[kind]
    name = item.split(":", 1)[1] if kind != "case" else item
    return root / "tests/snapshots" / sub / (name.replace(":", "_") + ".json")
def snapshot_bytes(path):
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"
passed = failed = 0
for item, kind in items:
    runtimes = expected[kind]
    got = {rt: outputs.get((item, rt)) for rt in runtimes}
    bad = []
    # The reference is the reviewed snapshot (tests/snapshots, `make snapshots`), compacted:
    # every runtime, Rust included, is held to the file a person has read.
    snap = snapshot_path(item, kind)
    ref = snapshot_bytes(snap)
    if ref is None:
        bad.append(f"no snapshot {snap.relative_to(root)} (`make snapshots`, then review it)")
    for rt, out in got.items():
        if out is None:
            bad.append(f"{rt}: {errors.get((item, rt), 'no output')}")
        elif ref is not None and out != ref:
            n = next((i for i, (x, y) in enumerate(zip(ref, out)) if x != y), min(len(ref), len(out)))
            bad.append(f"{rt} differs from {snap.relative_to(root)} at byte {n} ({len(out)} vs {len(ref)} bytes): ...{out[max(0, n - 30):n + 30].decode(errors='replace')}...")
    if bad:
        failed += 1
        print(f"FAIL {item}")
        for b in bad:
            print(f"     {b}")
    else:
        passed += 1
        print(f"ok   {item}: {len(ref)} bytes, identical to its snapshot in {', '.join(runtimes)}")
n_cases = len(cases)
print(f"golden cases: {n_cases}; phenopackets: {len(packets)}; questionnaire steps: {sum(1 for _, k in items if k == 'questionnaire')}")
failed += setup_failed
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
