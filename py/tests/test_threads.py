"""The GIL is released while the core evaluates a batch, and threads agree."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import poh
from poh import _core
from conftest import CASES, load

INPUTS = [load(p)["input"] for p in CASES]


def _main_thread_ran_during(call) -> bool:
    """With a huge switch interval, Python threads only change hands when the running one
    gives the GIL up. The main thread therefore gets to run while the worker is still
    inside `call` only if that call releases the GIL."""
    state = {"in_core": False, "seen_in_core": 0}
    started = threading.Event()

    def worker() -> None:
        state["in_core"] = True
        started.set()
        call()
        state["in_core"] = False

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        t = threading.Thread(target=worker)
        t.start()
        started.wait()
        while t.is_alive():
            if state["in_core"]:
                state["seen_in_core"] += 1
            t.join(0.0005)
    finally:
        sys.setswitchinterval(old)
    return state["seen_in_core"] > 0


def test_python_runs_while_a_batch_is_in_the_core():
    import json

    docs = [json.dumps(i) for i in INPUTS] * 400
    assert _main_thread_ran_during(lambda: _core.evaluate_many_json(docs)), (
        "the main thread never ran while the batch was in the core"
    )


def test_python_runs_while_a_batch_of_dicts_is_evaluated():
    # The dicts are read with the GIL held; the evaluation of the batch releases it.
    dicts = INPUTS * 400
    assert _main_thread_ran_during(lambda: _core.assess_many(dicts)), (
        "the main thread never ran while the batch of dicts was in the core"
    )


def test_threads_give_identical_results():
    expected = [poh.evaluate(i).to_json() for i in INPUTS]

    def run(_: int) -> list:
        return [a.to_json() for a in poh.evaluate_many(INPUTS)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        for got in pool.map(run, range(8)):
            assert got == expected
