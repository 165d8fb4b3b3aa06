"""The shared bad-input catalog (tests/bad-inputs/catalog.json) through the Python API:
every case is rejected with its expected code, and the exception's class is the family
of that code. The same catalog runs through Rust (cli/tests/bad_inputs.rs) and C
(tests/c/bad_inputs.c)."""

from __future__ import annotations

import json
import pathlib
from typing import Optional

import pytest

import poh
from poh import _core

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOG = json.loads((ROOT / "tests" / "bad-inputs" / "catalog.json").read_text())
FAMILY = {1: poh.InputError, 2: poh.KnowledgeError, 3: poh.CapacityError, 9: poh.InternalError}
ENTRY = {
    "findings": _core.evaluate_json,
    "phenopacket": _core.evaluate_phenopacket_json,
    "counsel": _core.counsel_json,
    "questionnaire": _core.questionnaire_step_json,
}


def case_bytes(case: dict) -> bytes:
    if "input" in case:
        return case["input"].encode("utf-8")
    if "input_hex" in case:
        return bytes.fromhex(case["input_hex"])
    r = case["input_repeat"]
    return (r["prefix"] + r["unit"] * r["count"] + r["suffix"]).encode("utf-8")


def test_catalog_is_large_enough() -> None:
    assert len(CATALOG["cases"]) >= 40


@pytest.mark.parametrize("case", CATALOG["cases"], ids=[c["name"] for c in CATALOG["cases"]])
def test_rejected_with_its_code(case: dict) -> None:
    with pytest.raises(poh.PohError) as info:
        ENTRY[case["api"]](case_bytes(case))
    assert info.value.code == case["expect_code"], (info.value.code, info.value.kind)
    assert isinstance(info.value, FAMILY[case["expect_code"] // 100])


def test_questionnaire_session_reaches_an_outcome() -> None:
    answers: dict[str, str] = {}
    # As tests/questionnaire/child_skin_grains.json: hard grains in the skin (dermal
    # ossification, as a parent reports it) and nothing else known: the flag is review,
    # so the session ends see_doctor with the grains as its reason.
    replies = {"HP:6000071": "yes"}
    for _ in range(30):
        step = poh.questionnaire_step(answers, age_months=48, sex="male")
        if step["next"] is None:
            break
        answers[step["next"]["id"]] = replies.get(step["next"]["id"], "dont_know")
    else:
        pytest.fail("the session did not stop")
    assert step["outcome"]["level"] == "see_doctor"
    assert any("hard grains in the skin" in r for r in step["outcome"]["reasons"])


def repeats_itself(message: str, code: int, kind: str) -> Optional[str]:
    """What `message` says twice: its kind or code (the class, `.code` and `.kind` carry
    those), or a run of three words."""
    if kind in message or f"error {code}" in message:
        return f"names its kind or code: {message}"
    words = message.split()
    runs = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
    for i, run in enumerate(runs):
        if run in runs[i + 1:]:
            return f"repeats {' '.join(run)!r}: {message}"
    return None


@pytest.mark.parametrize("case", CATALOG["cases"], ids=[c["name"] for c in CATALOG["cases"]])
def test_says_where_and_what(case: dict) -> None:
    """The error names its location (a path, or a syntax error's byte offset), gives the
    catalog's expected path, offset, allowed values and hint, and says nothing twice."""
    with pytest.raises(poh.PohError) as info:
        ENTRY[case["api"]](case_bytes(case))
    e = info.value
    if case["api"] in ("findings", "phenopacket"):
        assert e.path is not None or e.offset is not None, str(e)
    if "expect_path" in case:
        assert e.path == case["expect_path"], str(e)
    if "expect_offset" in case:
        assert e.offset == case["expect_offset"], str(e)
    if "expect_allowed" in case:
        assert e.allowed == tuple(case["expect_allowed"]), str(e)
    if "expect_hint" in case:
        assert e.hint is not None and case["expect_hint"] in e.hint, str(e)
    if e.path:
        assert e.path in str(e)
    if e.hint:
        assert e.hint in str(e)
    assert repeats_itself(str(e), e.code, e.kind) is None


def test_the_readme_mistakes_have_hints() -> None:
    """Issue 16's mistakes through the public API, as a new user makes them."""
    with pytest.raises(poh.InputError) as info:
        poh.evaluate({"age_years": 4})
    assert (info.value.path, info.value.kind) == ("age_years", "unknown_field")
    assert "age_months" in info.value.hint
    with pytest.raises(poh.InputError) as info:
        poh.evaluate({"labs": {"pth": "elevated"}})
    assert info.value.allowed == ("low", "normal", "high", "unknown")
    assert info.value.path == "labs.pth" and "high" in info.value.hint
