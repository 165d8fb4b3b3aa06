"""No memory growth over 100,000 evaluations (success and error paths)."""

from __future__ import annotations

import gc
import json
import os

import poh
from conftest import ROOT, load

PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def _run(n: int, good: str, bad: str) -> None:
    good_dict = json.loads(good)
    bad_dict = json.loads(bad)
    for i in range(n):
        if i % 10 == 0:
            try:
                poh.evaluate(bad if i % 20 == 0 else bad_dict)
            except poh.InputError:
                pass
        else:
            # JSON text and dicts (read natively) alike hold the core's data.
            a = poh.evaluate(good if i % 2 else good_dict)
            if i % 100 == 1:
                a.verdict  # read from the data now and then
            if i % 100 == 3:
                a.to_json()  # and write and parse the document now and then, too
                a.criteria


def test_no_growth_over_100k_evaluations():
    good = json.dumps(load(ROOT / "tests" / "cases" / "c1_miller1996_girl.json")["input"])
    bad = '{"sex": "f"}'
    _run(5_000, good, bad)  # warm up allocator pools and caches
    gc.collect()
    before = _rss_bytes()
    _run(100_000, good, bad)
    gc.collect()
    growth = _rss_bytes() - before
    # A leak of even one small buffer per call would be >= 100,000 * 32 KiB = 3 GiB; a
    # leaked str per call several MiB. Allocator noise stays well under 8 MiB.
    assert growth < 8 * 1024 * 1024, f"RSS grew by {growth / 2**20:.1f} MiB"


def test_no_growth_in_batches():
    docs = [json.dumps(load(p)["input"]) for p in sorted((ROOT / "tests" / "cases").glob("*.json"))]
    poh.evaluate_many(docs * 20)
    gc.collect()
    before = _rss_bytes()
    for _ in range(40):
        poh.evaluate_many(docs * 20)
    gc.collect()
    growth = _rss_bytes() - before
    assert growth < 8 * 1024 * 1024, f"RSS grew by {growth / 2**20:.1f} MiB"
