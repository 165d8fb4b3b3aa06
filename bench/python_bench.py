#!/usr/bin/env python3
"""The Python binding timed: `poh.evaluate` on dicts (and on JSON text, and the native calls
alone, to split the cost), reading a field, writing the assessment JSON, `evaluate_many`
(assessments per second on one core), `evaluate_phenopacket`, and `import poh` time and
RSS above the bare interpreter (fresh subprocesses, median of several).

    python bench/python_bench.py --typical T.json --phenopacket P.json --out results.json

Run by bench/run.sh in target/bench-venv. Timing: batches of about 20 ms with the garbage
collector off during a batch (as timeit does); per-call time of each batch; median and
spread over batches. Nothing is asserted: a benchmark never fails on time.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List


def time_calls(fn: Callable[[], Any], seconds: float = 2.0, calls_per_item: int = 1) -> Dict[str, Any]:
    """Per-call nanoseconds of `fn` (divided by `calls_per_item` when fn does a batch)."""
    n = 1
    while True:
        t0 = time.perf_counter_ns()
        for _ in range(n):
            fn()
        if time.perf_counter_ns() - t0 > 20e6 or n > 1 << 24:
            break
        n *= 2
    per_call: List[float] = []
    deadline = time.perf_counter() + seconds
    while len(per_call) < 11 or (time.perf_counter() < deadline and len(per_call) < 2000):
        gc_was = gc.isenabled()
        gc.disable()
        try:
            t0 = time.perf_counter_ns()
            for _ in range(n):
                fn()
            dt = time.perf_counter_ns() - t0
        finally:
            if gc_was:
                gc.enable()
        per_call.append(dt / n / calls_per_item)
    per_call.sort()
    k = len(per_call)
    return {
        "ns_median": statistics.median(per_call),
        "ns_min": per_call[0],
        "ns_p10": per_call[k // 10],
        "ns_p90": per_call[k - 1 - k // 10],
        "batches": k,
        "iters_per_batch": n,
    }


# The child measures itself around the import; it imports nothing else first (not even
# json), so modules the package pulls in are counted as its cost.
_CHILD = r"""
import sys, time
def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return -1
r0 = status("VmRSS:"); h0 = status("VmHWM:")
t0 = time.perf_counter()
{stmt}
t1 = time.perf_counter()
r1 = status("VmRSS:"); h1 = status("VmHWM:")
sys.stdout.write("%r %r %r %r %r\n" % (t1 - t0, r0, r1, h0, h1))
"""


def fresh_process(stmt: str, runs: int = 9, python: str = sys.executable) -> Dict[str, Any]:
    """`stmt` in fresh interpreters: seconds taken, RSS and peak RSS (kB) before and after.
    One discarded run first (bytecode caches, page cache)."""
    code = _CHILD.replace("{stmt}", stmt)
    samples = []
    for i in range(runs + 1):
        out = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True,
                             cwd="/tmp").stdout.split()
        if i == 0:
            continue
        dt, r0, r1, h0, h1 = float(out[0]), int(out[1]), int(out[2]), int(out[3]), int(out[4])
        samples.append({"s": dt, "rss_before_kb": r0, "rss_after_kb": r1,
                        "rss_delta_kb": r1 - r0, "peak_delta_kb": h1 - h0})
    secs = sorted(s["s"] for s in samples)
    deltas = sorted(s["rss_delta_kb"] for s in samples)
    peaks = sorted(s["peak_delta_kb"] for s in samples)
    # Whole-process wall time, against a bare interpreter, as a cross-check.
    def wall(c: str) -> float:
        ts = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([python, "-c", c], check=True, cwd="/tmp")
            ts.append(time.perf_counter() - t0)
        return statistics.median(ts)
    bare = wall("pass")
    full = wall(stmt.replace("\n", ";"))
    return {
        "runs": runs,
        "ms_median": statistics.median(secs) * 1e3,
        "ms_min": secs[0] * 1e3,
        "ms_max": secs[-1] * 1e3,
        "rss_delta_mb_median": statistics.median(deltas) / 1024,
        "rss_delta_mb_min": deltas[0] / 1024,
        "rss_delta_mb_max": deltas[-1] / 1024,
        "peak_delta_mb_median": statistics.median(peaks) / 1024,
        "bare_interpreter_rss_mb": statistics.median(s["rss_before_kb"] for s in samples) / 1024,
        "process_wall_ms_bare": bare * 1e3,
        "process_wall_ms_with": full * 1e3,
        "process_wall_ms_delta": (full - bare) * 1e3,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--typical", required=True, help="the typical case (findings JSON)")
    ap.add_argument("--phenopacket", required=True, help="a phenopacket (JSON)")
    ap.add_argument("--seconds", type=float, default=2.0, help="per measurement")
    ap.add_argument("--batch", type=int, default=10_000, help="evaluate_many batch size")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import poh
    from poh import _core

    typical_text = open(args.typical).read()
    typical = json.loads(typical_text)
    pp_text = open(args.phenopacket).read()
    pp = json.loads(pp_text)
    s = args.seconds
    r: Dict[str, Any] = {"poh_version": poh.__version__, "python": sys.version.split()[0],
                         "executable": sys.executable}
    # A result must be an assessment before anything is timed.
    a = poh.evaluate(typical)
    r["assessment_json_bytes"] = len(a.to_json().encode())
    r["typical_verdict"] = a.verdict

    t: Dict[str, Any] = {}
    t["evaluate_dict"] = time_calls(lambda: poh.evaluate(typical), s)
    t["evaluate_str"] = time_calls(lambda: poh.evaluate(typical_text), s)
    t["core_evaluate_json_str"] = time_calls(lambda: _core.evaluate_json(typical_text), s)
    t["json_dumps_findings"] = time_calls(lambda: json.dumps(typical, allow_nan=False), s)
    t["evaluate_dict_then_verdict"] = time_calls(lambda: poh.evaluate(typical).verdict, s)
    t["json_loads_assessment"] = time_calls(lambda: json.loads(a.to_json()), s)
    # The dict path split: the native read and evaluation alone, the assessment JSON
    # written from the core's data (each call writes it again), and what reading the
    # summary row or the whole document costs on top of `evaluate`.
    t["core_assess_dict"] = time_calls(lambda: _core.assess_dict(typical), s)
    native = _core.assess_dict(typical)
    t["native_to_json"] = time_calls(lambda: native.to_json(), s)
    t["evaluate_dict_then_summary"] = time_calls(lambda: poh.evaluate(typical).summary(), s)
    t["evaluate_dict_then_to_json"] = time_calls(lambda: poh.evaluate(typical).to_json(), s)
    t["evaluate_phenopacket_dict"] = time_calls(lambda: poh.evaluate_phenopacket(pp), s)
    t["evaluate_phenopacket_str"] = time_calls(lambda: poh.evaluate_phenopacket(pp_text), s)
    n = args.batch
    dicts = [typical] * n
    texts = [typical_text] * n
    t["evaluate_many_dicts"] = time_calls(lambda: poh.evaluate_many(dicts), s, calls_per_item=n)
    t["evaluate_many_str"] = time_calls(lambda: poh.evaluate_many(texts), s, calls_per_item=n)
    t["core_evaluate_many_json_str"] = time_calls(
        lambda: _core.evaluate_many_json(texts, phenopacket=False), s, calls_per_item=n)
    t["core_assess_many_dicts"] = time_calls(lambda: _core.assess_many(dicts), s, calls_per_item=n)
    for k in ("evaluate_many_dicts", "evaluate_many_str", "core_evaluate_many_json_str",
              "core_assess_many_dicts"):
        t[k]["per_second"] = 1e9 / t[k]["ns_median"]
        t[k]["batch"] = n
    r["timings"] = t
    r["import_poh"] = fresh_process("import poh")
    r["cpu_affinity"] = sorted(os.sched_getaffinity(0))
    with open(args.out, "w") as f:
        json.dump(r, f, indent=1)
    for k, v in t.items():
        extra = f"  {v['per_second']:,.0f}/s" if "per_second" in v else ""
        print(f"{k:32} {v['ns_median'] / 1e3:9.2f} us median  [p10 {v['ns_p10'] / 1e3:.2f}, "
              f"p90 {v['ns_p90'] / 1e3:.2f}]{extra}")
    ip = r["import_poh"]
    print(f"import poh: {ip['ms_median']:.1f} ms, +{ip['rss_delta_mb_median']:.1f} MB RSS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
