#!/usr/bin/env python3
"""Instructions per evaluation on x86-64, counted by callgrind (deterministic for a given
binary and input), checked against the recorded ceilings in bench/ceilings.json.

    python3 bench/instructions.py            # count, compare, exit 1 on a regression
    python3 bench/instructions.py --record   # write the ceilings: counts + 5%, capped at the targets
    python3 bench/instructions.py --json F   # also write the counts to F

The counted functions are `#[inline(never)]` in the core: `poh_core::eval::evaluate` (the
evaluator alone) and `poh_core::json::evaluate_json` (decode + evaluate + encode); and the C
ABI's exported `poh_evaluate_json` (JSON round trip), `poh_evaluate` (plain struct) and
`poh_evaluate_into` (result read through accessors), one call each of bench/c/bench.c linked
against libpoh.a (ffi-c/install.sh). The core's evaluations and `poh_evaluate_into` are
counted in steady state, as they are timed (the assessment, the per-thread workspace of
`poh_evaluate`, the result storage reused): the
count of two calls minus that of one (a first call resets nothing; the first
`poh_evaluate_into` into zeroed storage also writes a fresh assessment there).
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CEILINGS = ROOT / "bench" / "ceilings.json"


def target_dir():
    """The workspace's cargo target directory, found as tools/sh/harness.sh finds it
    (`cargo metadata`, so CARGO_TARGET_DIR and .cargo/config.toml are honoured)."""
    meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=ROOT,
                          check=True, capture_output=True, text=True).stdout
    return pathlib.Path(json.loads(meta)["target_directory"])


TARGET = target_dir()
# Evaluations are counted in steady state, as they are timed: into an assessment used
# before (so its reset of what the last evaluation used is counted), the count of two calls
# minus that of one.
STEADY = [
    ("evaluate_typical", "poh_core::eval::evaluate", ["evaluate", "typical"]),
    ("evaluate_worst", "poh_core::eval::evaluate", ["evaluate", "worst"]),
    ("evaluate_minimal", "poh_core::eval::evaluate", ["evaluate", "minimal"]),
]
MEASURES = [
    ("json_round_trip_typical", "poh_core::json::evaluate_json", ["json", "typical"]),
    ("json_round_trip_minimal", "poh_core::json::evaluate_json", ["json", "minimal"]),
]
SLACK = 1.05
# Issue 7's instruction targets: a ceiling never goes above them, so missing a target
# fails `make test` too.
TARGETS = {"evaluate_typical": 10_000, "c_json_round_trip_typical": 100_000}


def count(binary, symbol, args):
    with tempfile.TemporaryDirectory() as d:
        out = pathlib.Path(d) / "cg.out"
        r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                            f"--toggle-collect={symbol}", str(binary), *args],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"callgrind failed for {args}: {r.stderr[-2000:]}")
        m = re.search(r"Collected : (\d+)", r.stderr)
        if not m or int(m.group(1)) == 0:
            sys.exit(f"no instructions collected for {symbol} {args} (inlined away?)")
        return int(m.group(1))


def steady(binary, symbol, args):
    """Instructions of one call in steady state: two calls minus one."""
    return count(binary, symbol, [*args, "2"]) - count(binary, symbol, [*args, "1"])


def c_bench():
    """Build libpoh.a and bench/c/bench.c; return (binary, typical.json, minimal.json)."""
    out = TARGET / "bench" / "instructions"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["bash", "ffi-c/install.sh", str(out / "ffi"), "static"], cwd=ROOT, check=True,
                   capture_output=True)
    pc = (out / "ffi" / "lib" / "pkgconfig" / "poh.pc").read_text()
    libs = re.search(r"^Libs.private: (.*)$", pc, re.M).group(1).split()
    binary = out / "c_bench"
    subprocess.run(["gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", f"-I{out / 'ffi' / 'include'}",
                    str(ROOT / "bench" / "c" / "bench.c"), str(out / "ffi" / "lib" / "libpoh.a"), *libs,
                    "-o", str(binary)], check=True)
    count_bin = TARGET / "release" / "poh-count"
    files = []
    for case in ("typical", "minimal"):
        f = out / f"{case}.json"
        f.write_bytes(subprocess.run([str(count_bin), "print", case], check=True,
                                     capture_output=True).stdout)
        files.append(str(f))
    return binary, files


C_MEASURES = [
    ("c_json_round_trip_typical", "poh_evaluate_json", ["once", "json"]),
]
C_STEADY = [
    ("c_struct_evaluate_typical", "poh_evaluate", ["once", "struct"]),
    ("c_result_evaluate_typical", "poh_evaluate_into", ["once", "result"]),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "poh-bench", "--bin", "poh-count"], cwd=ROOT, check=True)
    binary = TARGET / "release" / "poh-count"
    counts = {name: steady(binary, sym, a) for name, sym, a in STEADY}
    counts.update({name: count(binary, sym, a) for name, sym, a in MEASURES})
    cbin, files = c_bench()
    counts.update({name: count(cbin, sym, [*files, *a]) for name, sym, a in C_MEASURES})
    counts.update({name: steady(cbin, sym, [*files, *a]) for name, sym, a in C_STEADY})
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(counts, indent=1) + "\n")
    if args.record:
        ceilings = {k: min(int(v * SLACK), TARGETS.get(k, 1 << 62)) for k, v in counts.items()}
        CEILINGS.write_text(json.dumps(ceilings, indent=1) + "\n")
        print(f"recorded ceilings (counts + {round((SLACK - 1) * 100)}%, at most the issue's targets) "
              f"in {CEILINGS.relative_to(ROOT)}")
    ceilings = json.loads(CEILINGS.read_text())
    failed = 0
    for name, n in counts.items():
        ceil = ceilings.get(name)
        ok = ceil is not None and n <= ceil
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name:26} {n:>10,} instructions (ceiling {ceil if ceil is None else f'{ceil:,}'})")
    print(f"{len(counts) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
